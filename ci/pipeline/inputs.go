package pipeline

// Inputs is what one container of the pipeline receives from the repository,
// as include patterns relative to the repository root. Each layer is copied
// in its own step, in order, so that an expensive step after an early layer
// (dependency downloads after the module files, tool installs after the tool
// pins) stays cached while only a later layer changes.
type Inputs struct {
	// Tools: the pinned tool versions and their installer.
	Tools []string
	// Deps: the dependency manifests (go.mod/go.sum, package*.json).
	Deps []string
	// Source: everything else the suite reads.
	Source []string
}

// All returns every pattern of the three layers.
func (in Inputs) All() []string {
	all := append(append(append([]string{}, in.Tools...), in.Deps...), in.Source...)
	return all
}

// toolPins is the tool layer every Go container shares; npmDeps installs the
// frontend's packages in the Node containers.
var (
	toolPins = []string{"scripts/install-tools.sh", "scripts/tools.env"}
	npmDeps  = []string{"scripts/npm-deps.sh"}
	// Scripts that name several installers (lint.sh, lib.sh) get them all.
	scriptTools = append(append([]string{}, toolPins...), npmDeps...)
)

// SuiteInputs maps each test suite and lint part to the repository paths it
// reads, so that a change outside them leaves its cached result valid: a
// frontend-only change does not re-run the backend suite, and the reverse.
// The e2e suite also depends on the three images, which are built from their
// own directories (backend/, frontend/, proxy/).
var SuiteInputs = map[string]Inputs{
	"backend": {
		Tools: toolPins,
		Deps:  []string{"backend/go.mod", "backend/go.sum"},
		Source: []string{"backend", "scripts/test-backend.sh", "scripts/lib.sh", "scripts/stripe-mock.sh",
			// backend/internal/httpapi checks that the frontend was generated from the current document.
			"frontend/src/api/openapi.json"},
	},
	"frontend": {
		// lib.sh (the phase timer) also holds the stripe-mock helper.
		Tools:  scriptTools,
		Deps:   []string{"frontend/package.json", "frontend/package-lock.json"},
		Source: []string{"frontend", "scripts/test-frontend.sh", "scripts/lib.sh", "scripts/stripe-mock.sh"},
	},
	"e2e": {
		// lib.sh (free_port) also holds the stripe-mock helper.
		Tools:  scriptTools,
		Deps:   []string{"frontend/package.json", "frontend/package-lock.json"},
		Source: []string{"frontend", "scripts/e2e.sh", "scripts/lib.sh", "scripts/stripe-mock.sh"},
	},
	"lint-go": {
		Tools:  scriptTools,
		Deps:   []string{"backend/go.mod", "backend/go.sum", "ci/go.mod", "go.work"},
		Source: []string{"backend", "ci", "scripts/k8s/schemagen", "tools", "scripts/lint.sh"},
	},
	"lint-frontend": {
		Tools:  scriptTools,
		Deps:   []string{"frontend/package.json", "frontend/package-lock.json"},
		Source: []string{"frontend", "scripts/lint.sh"},
	},
	"lint-actions": {
		Tools:  scriptTools,
		Source: []string{".github", "dagger.json", "scripts/actionlint.sh", "scripts/lint.sh", "scripts/lib.sh", "scripts/stripe-mock.sh"},
	},
	"lint-dockerfiles": {
		Tools: scriptTools,
		Source: []string{"ci", "backend/Dockerfile", "frontend/Dockerfile", "proxy/Dockerfile", "compose.yaml",
			"scripts/dockerfile-check.sh", "scripts/lint.sh"},
	},
}

// LintParts maps each lint check to its part of scripts/lint.sh.
var LintParts = map[string]string{
	"lint-go":          "go",
	"lint-frontend":    "frontend",
	"lint-actions":     "actions",
	"lint-dockerfiles": "dockerfiles",
}
