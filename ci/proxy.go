package main

import (
	"dagger/training-club/internal/dagger"
)

// Proxy builds the reverse proxy image (nginx: TLS, ACME webroot, routing of
// /api to the backend and / to the frontend) from proxy/Dockerfile, the same
// Dockerfile compose builds.
func (m *TrainingClub) Proxy(
	// Target platform, e.g. linux/arm64; the engine's platform by default.
	// +optional
	platform dagger.Platform,
) *dagger.Container {
	return m.proxyImage(platform, buildMeta{})
}

func (m *TrainingClub) proxyImage(platform dagger.Platform, meta buildMeta) *dagger.Container {
	return m.Source.Directory("proxy").DockerBuild(dagger.DirectoryDockerBuildOpts{
		Dockerfile: "Dockerfile",
		Platform:   platform,
		BuildArgs: append([]dagger.BuildArg{
			{Name: "NGINX_IMAGE", Value: m.NginxImage},
		}, meta.args()...),
	})
}
