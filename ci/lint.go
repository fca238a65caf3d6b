package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"dagger/training-club/internal/dagger"
	"dagger/training-club/pipeline"
)

// LintGo runs the Go part of scripts/lint.sh: gofmt, go vet and staticcheck
// on the backend, the module's plain packages and the tool modules.
//
// +check
func (m *TrainingClub) LintGo(ctx context.Context) error {
	return m.lintPart(ctx, "lint-go")
}

// LintFrontend runs the frontend part of scripts/lint.sh: eslint and tsc.
//
// +check
func (m *TrainingClub) LintFrontend(ctx context.Context) error {
	return m.lintPart(ctx, "lint-frontend")
}

// LintActions runs actionlint (with shellcheck) on the GitHub workflows and
// checks their action pins and Dagger version (scripts/actionlint.sh).
//
// +check
func (m *TrainingClub) LintActions(ctx context.Context) error {
	return m.lintPart(ctx, "lint-actions")
}

// LintDockerfiles checks the Dockerfiles and that compose builds them with
// the module's base-image defaults (scripts/dockerfile-check.sh).
//
// +check
func (m *TrainingClub) LintDockerfiles(ctx context.Context) error {
	return m.lintPart(ctx, "lint-dockerfiles")
}

// Lint runs every part of scripts/lint.sh, the same command .ci/run runs
// natively, each in its own container and all in parallel (lint-go,
// lint-frontend, lint-actions, lint-dockerfiles). Fails on any finding;
// prints one line per part.
func (m *TrainingClub) Lint(ctx context.Context) (string, error) {
	parts := make([]string, 0, len(pipeline.LintParts))
	for name := range pipeline.LintParts {
		parts = append(parts, name)
	}
	sort.Strings(parts)
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for i, name := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = m.lintPart(ctx, name)
		}()
	}
	wg.Wait()
	var report, failures strings.Builder
	for i, name := range parts {
		if errs[i] != nil {
			fmt.Fprintf(&report, "%s: FAILED\n", name)
			fmt.Fprintf(&failures, "\n%v\n", errs[i])
		} else {
			fmt.Fprintf(&report, "%s: ok\n", name)
		}
	}
	if failures.Len() > 0 {
		return "", fmt.Errorf("%s%s", report.String(), failures.String())
	}
	return report.String(), nil
}

// lintPart runs one part of scripts/lint.sh in a container holding only
// what that part reads, with its tools installed in a layer before the
// source (cached until the pins change).
func (m *TrainingClub) lintPart(ctx context.Context, name string) error {
	var ctr *dagger.Container
	switch name {
	case "lint-go":
		ctr = m.withInputs(m.goBase(), name, suiteLayers{tools: installTools("staticcheck"), deps: goModDownload})
	case "lint-frontend":
		ctr = m.withInputs(m.nodeBase(), name, suiteLayers{deps: npmDepsCmd})
	case "lint-actions":
		ctr = m.withInputs(aptInstall(m.goBase(), "lint", "shellcheck"), name, suiteLayers{tools: installTools("actionlint")})
	case "lint-dockerfiles":
		ctr = m.withInputs(m.goBase(), name, suiteLayers{})
	default:
		return fmt.Errorf("unknown lint part %q", name)
	}
	// A finding fails the exec, and failed execs are not cached: the next
	// call lints again.
	if _, err := ctr.WithExec([]string{"bash", "scripts/lint.sh", pipeline.LintParts[name]}).Sync(ctx); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
