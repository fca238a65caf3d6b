package main

import (
	"crypto/rand"
	"encoding/hex"
	"strings"

	"dagger/training-club/internal/dagger"
	"dagger/training-club/pipeline"
)

// Where the repository is mounted in the toolchain containers, and where the
// repo commands write their reports (REPORTS_DIR).
const (
	srcDir     = "/src"
	reportsDir = "/src/reports"
)

// cacheVolume names every cache with the project prefix so that modules
// sharing an engine do not share (or poison) each other's caches.
func cacheVolume(name string) *dagger.CacheVolume {
	return dag.CacheVolume("training-club-" + name)
}

// goBase is the Go image with the Go module and build caches mounted where
// the golang image keeps them.
func (m *TrainingClub) goBase() *dagger.Container {
	return dag.Container().
		From(m.GoImage).
		WithMountedCache("/go/pkg/mod", cacheVolume("go-mod")).
		WithMountedCache("/root/.cache/go-build", cacheVolume("go-build")).
		WithEnvVariable("GOFLAGS", "-buildvcs=false")
}

// nodeBase is the Node image with bash (the repo commands are bash scripts;
// alpine has none) and the npm cache.
func (m *TrainingClub) nodeBase() *dagger.Container {
	return withBash(dag.Container().From(m.NodeImage)).
		WithMountedCache("/root/.npm", cacheVolume("npm"))
}

// browserBase is a Debian-based Node image with chromium for the browser
// tests (scripts/e2e.sh drives it through playwright-core).
func (m *TrainingClub) browserBase() *dagger.Container {
	return aptInstall(dag.Container().From(m.BrowserImage), "e2e",
		"bash", "ca-certificates", "curl", "chromium", "fonts-liberation").
		WithMountedCache("/root/.npm", cacheVolume("npm")).
		WithEnvVariable("CHROMIUM_PATH", "/usr/bin/chromium")
}

// layer returns the part of the repository matched by patterns.
func (m *TrainingClub) layer(patterns []string) *dagger.Directory {
	return m.Source.Filter(dagger.DirectoryFilterOpts{Include: patterns})
}

// suiteLayers is how one suite's container gets its inputs: each layer of
// pipeline.SuiteInputs is copied in its own step, followed by the command
// that depends on it, so each command stays cached until its own layer
// changes (tool installs until the pins change, dependency downloads until
// the module or lock files change).
type suiteLayers struct {
	// Run after the tool layer, e.g. scripts/install-tools.sh gotestsum.
	tools []string
	// Run after the dependency layer, e.g. go mod download.
	deps []string
}

// withInputs adds a suite's inputs to base at /src, layer by layer, and makes
// /src the working directory.
func (m *TrainingClub) withInputs(base *dagger.Container, suite string, steps suiteLayers) *dagger.Container {
	in := pipeline.SuiteInputs[suite]
	c := base.WithWorkdir(srcDir).WithEnvVariable("CI", "true")
	if len(in.Tools) > 0 {
		c = c.WithDirectory(srcDir, m.layer(in.Tools))
		if len(steps.tools) > 0 {
			c = c.WithExec(steps.tools)
		}
	}
	if len(in.Deps) > 0 {
		c = c.WithDirectory(srcDir, m.layer(in.Deps))
		if len(steps.deps) > 0 {
			c = c.WithExec(steps.deps)
		}
	}
	return c.WithDirectory(srcDir, m.layer(in.Source)).
		WithEnvVariable("REPORTS_DIR", reportsDir)
}

// Commands run after the dependency layers.
var (
	goModDownload = []string{"sh", "-c", "cd backend && go mod download"}
	npmDepsCmd    = []string{"bash", "scripts/npm-deps.sh"}
)

// installTools returns the tool-layer command installing the named tools.
func installTools(tools ...string) []string {
	return append([]string{"bash", "scripts/install-tools.sh"}, tools...)
}

// aptInstall installs Debian packages with a per-image (cache) archive
// cache; LOCKED because apt takes a lock in that directory.
func aptInstall(c *dagger.Container, cache string, packages ...string) *dagger.Container {
	return c.
		WithMountedCache("/var/cache/apt/archives", cacheVolume("apt-archives-"+cache),
			dagger.ContainerWithMountedCacheOpts{Sharing: dagger.CacheSharingModeLocked}).
		WithExec([]string{"sh", "-c", "rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update && " +
			"DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends " + strings.Join(packages, " ") +
			" && rm -rf /var/lib/apt/lists/*"})
}

// withBash installs bash when the image has none (alpine).
func withBash(c *dagger.Container) *dagger.Container {
	return withPackages(c, pipeline.OSPackage{Name: "bash", Present: "command -v bash"})
}

// withPackages installs those of pkgs the image lacks (pipeline.InstallMissing).
func withPackages(c *dagger.Container, pkgs ...pipeline.OSPackage) *dagger.Container {
	return c.WithExec([]string{"sh", "-c", pipeline.InstallMissing(pkgs)})
}

// newSecret creates a secret with a random value, for the ephemeral services
// and test stacks, where nobody needs to know the password.
func newSecret(name string) *dagger.Secret {
	return dag.SetSecret("training-club-"+name, randomToken())
}

// randomToken returns 32 random bytes, hex encoded (64 characters: long enough
// for a production JWT secret, and safe in URLs and DSNs).
func randomToken() string {
	b := make([]byte, 32)
	// crypto/rand.Read never returns an error on supported platforms (Go 1.24+).
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
