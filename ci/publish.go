package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"dagger/training-club/internal/dagger"
	"dagger/training-club/pipeline"
)

// Publish builds the backend, frontend and proxy images for every platform
// (linux/amd64 and linux/arm64 by default) and pushes them as multi-platform
// images to <registry>/training-club-{backend,frontend,proxy}. Tags: the full
// and short git sha, the semver tags 1.2.3, 1.2 and 1 when --version is a
// release tag such as v1.2.3 (only 1.2.3-rc.1 for a pre-release), and latest
// on request. OCI labels: source, revision, version, created, title.
// Prints one "name=repository:tag@sha256:digest" line per image; deploy reads
// that output.
func (m *TrainingClub) Publish(
	ctx context.Context,
	// Registry and namespace, e.g. ghcr.io/OWNER (lower case).
	registry string,
	// Registry user name.
	// +optional
	username string,
	// Registry password or token.
	// +optional
	password *dagger.Secret,
	// Version being released: a git tag such as v1.2.3.
	// +optional
	version string,
	// Full git commit sha of the source (git rev-parse HEAD).
	// +optional
	revision string,
	// Also tag the images as latest.
	// +optional
	latest bool,
	// Build time recorded in the created label (RFC 3339); now by default.
	// +optional
	created string,
	// Platforms of the multi-platform images.
	// +optional
	// +default=["linux/amd64", "linux/arm64"]
	platforms []dagger.Platform,
) (string, error) {
	if err := pipeline.ValidateRegistry(registry); err != nil {
		return "", err
	}
	if err := pipeline.ValidateCredentials(username, password != nil); err != nil {
		return "", err
	}
	tags, err := pipeline.Tags(pipeline.TagInput{Revision: revision, Version: version, Latest: latest})
	if err != nil {
		return "", err
	}
	if len(platforms) == 0 {
		for _, p := range pipeline.DefaultPlatforms {
			platforms = append(platforms, dagger.Platform(p))
		}
	}
	platformNames := make([]string, len(platforms))
	for i, p := range platforms {
		platformNames[i] = string(p)
	}
	if err := pipeline.ValidatePlatforms(platformNames); err != nil {
		return "", err
	}
	createdAt, err := pipeline.ParseCreated(created, time.Now())
	if err != nil {
		return "", err
	}
	meta := buildMeta{
		Version:  pipeline.VersionLabel(version, revision),
		Revision: strings.ToLower(revision),
		Created:  createdAt.Format(time.RFC3339),
		Source:   m.SourceURL,
	}
	builders := map[string]func(dagger.Platform, buildMeta) *dagger.Container{
		"backend":  m.backendImage,
		"frontend": m.frontendImage,
		"proxy":    m.proxyImage,
	}

	publisher := dag.Container()
	if username != "" {
		publisher = publisher.WithRegistryAuth(pipeline.RegistryHost(registry), username, password)
	}
	var published []pipeline.Published
	for _, name := range pipeline.ImageNames {
		labels := pipeline.OCILabels(pipeline.LabelInput{
			Source:   m.SourceURL,
			Revision: revision,
			Version:  meta.Version,
			Created:  createdAt,
			Title:    "training-club-" + name,
		})
		variants := make([]*dagger.Container, len(platforms))
		for i, p := range platforms {
			c := builders[name](p, meta)
			for _, l := range labels {
				c = c.WithLabel(l.Key, l.Value)
			}
			variants[i] = c
		}
		repo := pipeline.ImageRepository(registry, name)
		var first pipeline.ImageRef
		for i, tag := range tags {
			out, err := publisher.Publish(ctx, repo+":"+tag, dagger.ContainerPublishOpts{PlatformVariants: variants})
			if err != nil {
				return "", fmt.Errorf("publish %s:%s: %w", repo, tag, err)
			}
			ref, err := pipeline.ParseImageRef(out)
			if err != nil {
				return "", fmt.Errorf("publish %s:%s returned %q: %w", repo, tag, out, err)
			}
			if ref.Digest == "" {
				return "", fmt.Errorf("publish %s:%s returned %q without a digest", repo, tag, out)
			}
			if i == 0 {
				first = ref
			} else if ref.Digest != first.Digest {
				// The same variants must give the same index under every tag.
				return "", fmt.Errorf("publish %s: tag %s got digest %s, tag %s got %s", repo, tags[0], first.Digest, tag, ref.Digest)
			}
		}
		published = append(published, pipeline.Published{Name: name, Ref: first})
	}
	return pipeline.FormatPublished(published), nil
}
