// The Training Club pipeline: builds the production images from the same
// Dockerfiles the compose stack uses, tests the backend and frontend against
// ephemeral MySQL and Redis, runs the browser end-to-end tests against the
// whole stack, lints, publishes multi-platform images and deploys them.
//
// Every command run inside a container is a repo command (scripts/*.sh) that
// .ci/run also runs natively, so each step is tested without an engine too.
// Pure logic (tags, labels, validation, rendering) lives in ci/pipeline.
package main

import (
	"dagger/training-club/internal/dagger"
)

// Official base images; the constructor arguments override them (a registry
// mirror, or pinned digests).
const (
	defaultGoImage      = "golang:1.26"
	defaultNodeImage    = "node:20-alpine"
	defaultNginxImage   = "nginx:alpine"
	defaultRuntimeImage = "gcr.io/distroless/static-debian12:nonroot"
	defaultMysqlImage   = "mysql:8.0"
	defaultRedisImage   = "redis:7"
	defaultBrowserImage = "node:20-bookworm-slim"
	defaultToolsImage   = "alpine:3.22"
)

// TrainingClub is the module's main object; its fields are the constructor
// arguments.
type TrainingClub struct {
	// Repository root.
	// +private
	Source *dagger.Directory
	// +private
	GoImage string
	// +private
	NodeImage string
	// +private
	NginxImage string
	// +private
	RuntimeImage string
	// +private
	MysqlImage string
	// +private
	RedisImage string
	// +private
	BrowserImage string
	// +private
	ToolsImage string
	// +private
	SourceURL string
}

// New creates the Training Club pipeline for a checkout of the repository.
func New(
	// Repository root. Version control data, installed dependencies, build
	// outputs, reports and local env files (secrets) are never uploaded.
	// +defaultPath="/"
	// +ignore=[".git", "**/node_modules", "**/dist", "**/build", "**/coverage", "reports", "bin", "tmp", ".cache", "**/.env", "**/.env.*", "!**/.env.example", "**/*.pem", "**/*.key", "**/uploads", "ci/internal/dagger", "ci/internal/querybuilder", "ci/internal/telemetry", "ci/dagger.gen.go"]
	source *dagger.Directory,
	// Go toolchain image (builds and tests the backend, runs Go linters).
	// +optional
	// +default="golang:1.26"
	goImage string,
	// Node image (builds and tests the frontend).
	// +optional
	// +default="node:20-alpine"
	nodeImage string,
	// nginx image (frontend and proxy runtime).
	// +optional
	// +default="nginx:alpine"
	nginxImage string,
	// Runtime base of the backend image.
	// +optional
	// +default="gcr.io/distroless/static-debian12:nonroot"
	runtimeImage string,
	// MySQL image of the ephemeral database.
	// +optional
	// +default="mysql:8.0"
	mysqlImage string,
	// Redis image of the ephemeral cache.
	// +optional
	// +default="redis:7"
	redisImage string,
	// Debian-based Node image in which chromium is installed for the browser
	// end-to-end tests (alpine's musl chromium is not what users run). It also
	// supplies Node to the lint toolbox.
	// +optional
	// +default="node:20-bookworm-slim"
	browserImage string,
	// Small image with a package manager for the deploy tools (ssh, kubectl).
	// +optional
	// +default="alpine:3.22"
	toolsImage string,
	// Repository URL recorded in the org.opencontainers.image.source label.
	// +optional
	// +default="https://github.com/trainingclub/platform"
	sourceUrl string,
) *TrainingClub {
	return &TrainingClub{
		Source:       source,
		GoImage:      orDefault(goImage, defaultGoImage),
		NodeImage:    orDefault(nodeImage, defaultNodeImage),
		NginxImage:   orDefault(nginxImage, defaultNginxImage),
		RuntimeImage: orDefault(runtimeImage, defaultRuntimeImage),
		MysqlImage:   orDefault(mysqlImage, defaultMysqlImage),
		RedisImage:   orDefault(redisImage, defaultRedisImage),
		BrowserImage: orDefault(browserImage, defaultBrowserImage),
		ToolsImage:   orDefault(toolsImage, defaultToolsImage),
		SourceURL:    orDefault(sourceUrl, "https://github.com/trainingclub/platform"),
	}
}

// orDefault keeps the defaults in one place when the module is constructed
// from Go (tests, other modules) where +default does not apply.
func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
