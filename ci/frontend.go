package main

import (
	"dagger/training-club/internal/dagger"
)

// Frontend builds the production web image (the Vite build served by nginx)
// from frontend/Dockerfile, the same Dockerfile compose builds.
func (m *TrainingClub) Frontend(
	// Target platform, e.g. linux/arm64; the engine's platform by default.
	// +optional
	platform dagger.Platform,
) *dagger.Container {
	return m.frontendImage(platform, buildMeta{})
}

func (m *TrainingClub) frontendImage(platform dagger.Platform, meta buildMeta) *dagger.Container {
	return m.Source.Directory("frontend").DockerBuild(dagger.DirectoryDockerBuildOpts{
		Dockerfile: "Dockerfile",
		Platform:   platform,
		BuildArgs: append([]dagger.BuildArg{
			{Name: "NODE_IMAGE", Value: m.NodeImage},
			{Name: "NGINX_IMAGE", Value: m.NginxImage},
		}, meta.args()...),
	})
}
