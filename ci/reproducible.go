package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"dagger/training-club/internal/dagger"
	"dagger/training-club/pipeline"
)

// reproimage builds tools/reproimage on the Go image (its dependencies are
// pinned by its go.sum; the module and build caches are the module's). Its
// tests are left out, so a change to them does not rebuild it.
func (m *TrainingClub) reproimage() *dagger.File {
	src := m.Source.Directory(pipeline.ReproimageSource).Filter(dagger.DirectoryFilterOpts{
		Include: []string{"go.mod", "go.sum", "*.go"},
		Exclude: []string{"*_test.go"},
	})
	return m.goBase().
		WithEnvVariable("CGO_ENABLED", "0").
		WithDirectory("/src", src).
		WithWorkdir("/src").
		WithExec([]string{"go", "build", "-trimpath", "-o", "/out/reproimage", "."}).
		File("/out/reproimage")
}

// pushReproducible pushes the platform variants of image name under every
// tag with tools/reproimage instead of Container.publish: the engine writes
// each layer's build time into the image config and the layers' file times
// (no API of v0.21.8 sets SOURCE_DATE_EPOCH for its exporter, and an imported
// image loses its history), so the tool rewrites the exported variants as
// built at created, leaving the layers of their final stage's base image as
// they are. The same commit then gives the same digests on every engine. It
// returns the pushed index (one variant: manifest) as repository:tag@digest.
func (m *TrainingClub) pushReproducible(ctx context.Context, name, repo string, tags []string, variants []*dagger.Container, platforms []dagger.Platform, created time.Time, login registryLogin) (pipeline.ImageRef, error) {
	access, err := pipeline.ToolRegistryFor(pipeline.RegistryHost(repo))
	if err != nil {
		return pipeline.ImageRef{}, err
	}
	base := m.finalBase(name)
	c := dag.Container().From(m.GoImage).
		WithFile("/usr/local/bin/reproimage", m.reproimage())
	archives, bases := make([]string, len(variants)), make([]string, len(variants))
	for i, v := range variants {
		archives[i], bases[i] = fmt.Sprintf("/in/%d.tar", i), fmt.Sprintf("/in/base-%d.tar", i)
		c = c.WithMountedFile(archives[i], v.AsTarball()).
			WithMountedFile(bases[i], dag.Container(dagger.ContainerOpts{Platform: platforms[i]}).From(base).AsTarball())
	}
	if c, err = login.reach(c, repo, access); err != nil {
		return pipeline.ImageRef{}, err
	}
	out, err := c.
		// A push is never taken from the cache: the registry may have lost
		// the tags since an earlier run with the same images.
		WithEnvVariable("PUSH_RUN", strconv.FormatInt(time.Now().UnixNano(), 10)).
		WithExec(pipeline.ReproimageArgs(pipeline.ReproimageInput{
			Registry:   access,
			Repository: repo,
			Tags:       tags,
			Created:    created,
			Archives:   archives,
			Bases:      bases,
		})).
		Stdout(ctx)
	if err != nil {
		return pipeline.ImageRef{}, fmt.Errorf("push %s: %w", repo, err)
	}
	digest, err := pipeline.ParsePushedDigest(out)
	if err != nil {
		return pipeline.ImageRef{}, fmt.Errorf("push %s: %w", repo, err)
	}
	return pipeline.ImageRef{Repository: repo, Tag: tags[0], Digest: digest}, nil
}

// finalBase is the base image of the final stage of name's Dockerfile, as
// this module passes it.
func (m *TrainingClub) finalBase(name string) string {
	for _, a := range m.baseImageArgs(name) {
		if a.Name == pipeline.FinalBaseKnob[name] {
			return a.Value
		}
	}
	return ""
}
