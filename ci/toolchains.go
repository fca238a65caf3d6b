package main

import (
	"crypto/rand"
	"encoding/hex"
	"strings"

	"dagger/training-club/internal/dagger"
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

// goToolchain is the Go image with the repository at /src and the Go module
// and build caches mounted where the golang image keeps them.
func (m *TrainingClub) goToolchain() *dagger.Container {
	return m.withSource(m.goBase())
}

func (m *TrainingClub) goBase() *dagger.Container {
	return dag.Container().
		From(m.GoImage).
		WithMountedCache("/go/pkg/mod", cacheVolume("go-mod")).
		WithMountedCache("/root/.cache/go-build", cacheVolume("go-build")).
		WithEnvVariable("GOFLAGS", "-buildvcs=false")
}

// nodeToolchain is the Node image with bash (the repo commands are bash
// scripts; alpine has none), the npm cache and the repository at /src.
func (m *TrainingClub) nodeToolchain() *dagger.Container {
	return m.withSource(withBash(dag.Container().From(m.NodeImage)).
		WithMountedCache("/root/.npm", cacheVolume("npm")))
}

// e2eToolchain is a Debian-based Node image with chromium for the browser
// tests (scripts/e2e.sh drives it through playwright-core).
func (m *TrainingClub) e2eToolchain() *dagger.Container {
	return m.withSource(aptInstall(dag.Container().From(m.E2eImage), "e2e",
		"bash", "ca-certificates", "curl", "chromium", "fonts-liberation").
		WithMountedCache("/root/.npm", cacheVolume("npm")).
		WithEnvVariable("CHROMIUM_PATH", "/usr/bin/chromium"))
}

// withSource adds the repository at /src as the working directory, last, so
// that the tool layers before it stay cached when only the source changes.
func (m *TrainingClub) withSource(c *dagger.Container) *dagger.Container {
	return c.
		WithEnvVariable("REPORTS_DIR", reportsDir).
		WithEnvVariable("CI", "true").
		WithDirectory(srcDir, m.Source).
		WithWorkdir(srcDir)
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

// withBash installs bash when the image has none (alpine), with whichever
// package manager the image brings.
func withBash(c *dagger.Container) *dagger.Container {
	return c.WithExec([]string{"sh", "-c", "command -v bash >/dev/null 2>&1 || " +
		"{ if command -v apk >/dev/null 2>&1; then apk add --no-cache bash; " +
		"else apt-get update && apt-get install -y --no-install-recommends bash; fi; }"})
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
