package main

import (
	"context"

	"dagger/training-club/internal/dagger"
)

// Lint runs scripts/lint.sh, the same command .ci/run runs natively: gofmt,
// go vet and staticcheck, the frontend's eslint and tsc, actionlint on the
// workflows, and the Dockerfile checks. Fails on any finding; prints the
// report.
func (m *TrainingClub) Lint(ctx context.Context) (string, error) {
	return m.lintToolbox().
		WithExec([]string{"bash", "scripts/lint.sh"}).
		Stdout(ctx)
}

// lintToolbox is the Go image plus what the linters need: Node (copied from
// the Debian-based e2e image, which matches the Go image's glibc),
// shellcheck for actionlint, and the npm cache. The linters themselves
// (staticcheck, actionlint) are installed by the repo scripts into GOBIN,
// from the Go module cache.
func (m *TrainingClub) lintToolbox() *dagger.Container {
	node := dag.Container().From(m.E2eImage)
	return m.withSource(aptInstall(m.goBase(), "lint", "shellcheck").
		WithDirectory("/usr/local/lib/node_modules", node.Directory("/usr/local/lib/node_modules")).
		WithFile("/usr/local/bin/node", node.File("/usr/local/bin/node")).
		WithExec([]string{"sh", "-c", "ln -sf ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && " +
			"ln -sf ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx && node --version && npm --version"}).
		WithMountedCache("/root/.npm", cacheVolume("npm")))
}
