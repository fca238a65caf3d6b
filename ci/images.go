package main

import (
	"dagger/training-club/internal/dagger"
)

// Backend builds the production API image from backend/Dockerfile, the same
// Dockerfile compose builds, with the Go and runtime base images of this
// module.
func (m *TrainingClub) Backend(
	// Target platform, e.g. linux/arm64; the engine's platform by default.
	// +optional
	platform dagger.Platform,
) *dagger.Container {
	return m.image("backend", platform, buildMeta{})
}

// Frontend builds the production web image (the Vite build served by nginx)
// from frontend/Dockerfile, the same Dockerfile compose builds.
func (m *TrainingClub) Frontend(
	// Target platform, e.g. linux/arm64; the engine's platform by default.
	// +optional
	platform dagger.Platform,
) *dagger.Container {
	return m.image("frontend", platform, buildMeta{})
}

// Proxy builds the reverse proxy image (nginx: TLS, ACME webroot, routing of
// /api to the backend and / to the frontend) from proxy/Dockerfile, the same
// Dockerfile compose builds.
func (m *TrainingClub) Proxy(
	// Target platform, e.g. linux/arm64; the engine's platform by default.
	// +optional
	platform dagger.Platform,
) *dagger.Container {
	return m.image("proxy", platform, buildMeta{})
}

// image builds <name>/Dockerfile with <name>/ as the context, as compose
// does, passing the base images of this module and meta as build args.
func (m *TrainingClub) image(name string, platform dagger.Platform, meta buildMeta) *dagger.Container {
	return m.Source.Directory(name).DockerBuild(dagger.DirectoryDockerBuildOpts{
		Dockerfile: "Dockerfile",
		Platform:   platform,
		BuildArgs:  append(m.baseImageArgs(name), meta.args()...),
	})
}

// baseImageArgs are the base-image knobs the Dockerfile of an image takes.
func (m *TrainingClub) baseImageArgs(name string) []dagger.BuildArg {
	return map[string][]dagger.BuildArg{
		"backend":  {{Name: "GO_IMAGE", Value: m.GoImage}, {Name: "RUNTIME_IMAGE", Value: m.RuntimeImage}},
		"frontend": {{Name: "NODE_IMAGE", Value: m.NodeImage}, {Name: "NGINX_IMAGE", Value: m.NginxImage}},
		"proxy":    {{Name: "NGINX_IMAGE", Value: m.NginxImage}},
	}[name]
}

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
