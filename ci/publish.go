package main

import (
	"context"
	"encoding/base64"
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
// The images are reproducible: tools/reproimage rewrites what the engine
// built as built at --created (the file times of the layers on top of the
// base image, the config's created and the history times) and pushes it, so
// the same commit gives the same digests on every engine and every run.
// Each pushed image gets an SPDX SBOM per platform (syft), attached to its
// digest as an OCI referrer (oras attach, artifact type application/spdx+json;
// --sbom=false leaves it out), and with --cosign-key a cosign signature of the
// digest (no transparency log; keyless signing: see sign).
// Prints one "name=repository:tag@sha256:digest" line per image; deploy reads
// that output. Every call pushes (the engine does not answer a publish from
// its function cache); a repeated publish of a commit pushes the same digests.
// +cache="never"
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
	// Time the images are stamped with, as SOURCE_DATE_EPOCH would: RFC 3339
	// or a Unix timestamp, normally the commit time (git log -1
	// --format=%cI); the Unix epoch by default, never "now". It is the created
	// label, the image config's created, every history time and every file
	// time in the layers on top of the base image (whose layers stay as they
	// are), so two builds of one commit push the same digests (see
	// docs/pipeline.md).
	// +optional
	created string,
	// Platforms of the multi-platform images.
	// +optional
	// +default=["linux/amd64", "linux/arm64"]
	platforms []dagger.Platform,
	// Attach an SPDX SBOM of each platform variant to each image's digest.
	// +optional
	// +default=true
	sbom bool,
	// cosign private key (cosign generate-key-pair) to sign each image's
	// digest with, e.g. env:COSIGN_KEY.
	// +optional
	cosignKey *dagger.Secret,
	// Password of the cosign key, e.g. env:COSIGN_PASSWORD.
	// +optional
	cosignPassword *dagger.Secret,
	// The registry as a service, needed when it is on this machine's
	// loopback (the push, SBOMs and signatures run in containers): e.g.
	// tcp://127.0.0.1:5123 for --registry 127.0.0.1:5123/tc.
	// +optional
	registryService *dagger.Service,
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
	signing, err := newSigner(cosignKey, cosignPassword, nil, nil)
	if err != nil {
		return "", err
	}
	login := registryLogin{username: username, password: password, tunnel: registryService}
	if err := login.checkTunnel(registry); err != nil {
		return "", err
	}
	createdAt, err := pipeline.ParseCreated(created)
	if err != nil {
		return "", err
	}
	meta := buildMeta{
		Version:  pipeline.VersionLabel(version, revision),
		Revision: strings.ToLower(revision),
		Created:  createdAt.Format(time.RFC3339),
		Source:   m.SourceURL,
		Epoch:    fmt.Sprint(createdAt.Unix()),
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
			c := m.image(name, p, meta)
			for _, l := range labels {
				c = c.WithLabel(l.Key, l.Value)
			}
			if err := m.verifyPlatform(ctx, name, c, p); err != nil {
				return "", err
			}
			variants[i] = c
		}
		repo := pipeline.ImageRepository(registry, name)
		first, err := m.pushReproducible(ctx, name, repo, tags, variants, platforms, createdAt, login)
		if err != nil {
			return "", err
		}
		pushed := pushedImage{name: name, version: meta.Version, ref: first, variants: variants, platforms: platforms}
		if err := m.attestPublished(ctx, pushed, sbom, login, signing); err != nil {
			return "", err
		}
		published = append(published, pipeline.Published{Name: name, Ref: first})
	}
	return pipeline.FormatPublished(published), nil
}

// verifyPlatform checks that an image variant really is for platform p: its
// config says so, and its main binary is code for that architecture. A base
// image without a variant for p silently yields another architecture's image
// under p's name (a single-platform base is used as it is).
func (m *TrainingClub) verifyPlatform(ctx context.Context, name string, c *dagger.Container, p dagger.Platform) error {
	got, err := c.Platform(ctx)
	if err != nil {
		return fmt.Errorf("%s %s: %w", name, p, err)
	}
	wantArch, err := pipeline.PlatformArch(string(p))
	if err != nil {
		return err
	}
	gotArch, err := pipeline.PlatformArch(string(got))
	if err != nil {
		return err
	}
	if gotArch != wantArch {
		return fmt.Errorf("%s: the %s variant's image config says %s", name, p, got)
	}
	binary := pipeline.MainBinary[name]
	// Read in a container of the engine's own platform: the variant itself
	// may not run here.
	out, err := dag.Container().
		From(m.ToolsImage).
		WithMountedFile("/binary", c.File(binary)).
		WithExec([]string{"sh", "-c", "head -c 20 /binary | base64"}).
		Stdout(ctx)
	if err != nil {
		return fmt.Errorf("%s %s: read %s: %w", name, p, binary, err)
	}
	header, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(out), ""))
	if err != nil {
		return fmt.Errorf("%s %s: header of %s: %w", name, p, binary, err)
	}
	codeArch, err := pipeline.ELFArch(header)
	if err != nil {
		return fmt.Errorf("%s %s: %s: %w", name, p, binary, err)
	}
	if codeArch != wantArch {
		return fmt.Errorf("%s: the %s variant's %s is %s code (is the base image available for %s?)", name, p, binary, codeArch, p)
	}
	return nil
}
