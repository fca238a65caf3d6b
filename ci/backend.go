package main

import (
	"dagger/training-club/internal/dagger"
)

// buildMeta is what the Dockerfiles record in their OCI labels (VERSION,
// REVISION, CREATED, SOURCE build args), and the SOURCE_DATE_EPOCH build arg.
// On a v0.21.8 engine that arg does not reach the image exporter (the config
// and file times are the build time); publish stamps the commit time itself
// with tools/reproimage. Empty fields keep the Dockerfile defaults.
type buildMeta struct {
	Version  string
	Revision string
	Created  string
	Source   string
	Epoch    string
}

// args renders the metadata build args, leaving out empty ones.
func (b buildMeta) args() []dagger.BuildArg {
	var args []dagger.BuildArg
	for _, a := range []dagger.BuildArg{
		{Name: "VERSION", Value: b.Version},
		{Name: "REVISION", Value: b.Revision},
		{Name: "CREATED", Value: b.Created},
		{Name: "SOURCE", Value: b.Source},
		{Name: "SOURCE_DATE_EPOCH", Value: b.Epoch},
	} {
		if a.Value != "" {
			args = append(args, a)
		}
	}
	return args
}

// Backend builds the production API image from backend/Dockerfile, the same
// Dockerfile compose builds, with the Go and runtime base images of this
// module.
func (m *TrainingClub) Backend(
	// Target platform, e.g. linux/arm64; the engine's platform by default.
	// +optional
	platform dagger.Platform,
) *dagger.Container {
	return m.backendImage(platform, buildMeta{})
}

func (m *TrainingClub) backendImage(platform dagger.Platform, meta buildMeta) *dagger.Container {
	return m.Source.Directory("backend").DockerBuild(dagger.DirectoryDockerBuildOpts{
		Dockerfile: "Dockerfile",
		Platform:   platform,
		BuildArgs: append([]dagger.BuildArg{
			{Name: "GO_IMAGE", Value: m.GoImage},
			{Name: "RUNTIME_IMAGE", Value: m.RuntimeImage},
		}, meta.args()...),
	})
}
