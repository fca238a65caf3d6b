package pipeline

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// repoRoot is the repository root, two levels above this package (ci/pipeline).
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "dagger.json")); err != nil {
		t.Fatalf("repository root not found at %s: %v", root, err)
	}
	return root
}

// Every pattern must name something that exists: a renamed file silently
// dropped from a suite's inputs would make the suite fail only on an engine.
func TestSuiteInputsExist(t *testing.T) {
	root := repoRoot(t)
	for suite, in := range SuiteInputs {
		for _, p := range in.All() {
			matches, err := filepath.Glob(filepath.Join(root, p))
			if err != nil || len(matches) == 0 {
				t.Errorf("%s: input %q matches nothing in the repository", suite, p)
			}
		}
	}
}

// lintScripts is the script each lint part runs besides lint.sh itself.
var lintScripts = map[string]string{
	"lint-go": "-", "lint-frontend": "-",
	"lint-actions": "scripts/actionlint.sh", "lint-dockerfiles": "scripts/dockerfile-check.sh",
}

var scriptRef = regexp.MustCompile(`scripts/[A-Za-z0-9_./-]+\.(?:sh|env)`)

// covered reports whether path is inside one of the patterns.
func covered(path string, patterns []string) bool {
	for _, p := range patterns {
		if path == p || strings.HasPrefix(path, strings.TrimSuffix(p, "/")+"/") {
			return true
		}
	}
	return false
}

// The scripts a suite runs, and the scripts they call in turn, must all be
// among the suite's inputs.
func TestSuiteInputsCoverTheScriptsTheyRun(t *testing.T) {
	root := repoRoot(t)
	entry := map[string]string{
		"backend": "scripts/test-backend.sh", "frontend": "scripts/test-frontend.sh", "e2e": "scripts/e2e.sh",
		"lint-go": "scripts/lint.sh", "lint-frontend": "scripts/lint.sh", "lint-actions": "scripts/lint.sh",
		"lint-dockerfiles": "scripts/lint.sh",
	}
	for suite, script := range entry {
		all := SuiteInputs[suite].All()
		seen := map[string]bool{}
		queue := []string{script}
		for len(queue) > 0 {
			s := queue[0]
			queue = queue[1:]
			if seen[s] {
				continue
			}
			seen[s] = true
			if !covered(s, all) {
				t.Errorf("%s runs %s, which is not among its inputs %v", suite, s, all)
				continue
			}
			body, err := os.ReadFile(filepath.Join(root, s))
			if err != nil {
				t.Fatalf("%s: %v", s, err)
			}
			text := withoutComments(string(body))
			if script := lintScripts[suite]; script != "" && s == "scripts/lint.sh" {
				// lint.sh runs only its own part in these containers.
				for _, other := range []string{"scripts/actionlint.sh", "scripts/dockerfile-check.sh"} {
					if other != script {
						text = strings.ReplaceAll(text, other, "")
					}
				}
			}
			for _, ref := range scriptRef.FindAllString(text, -1) {
				// Scripts that cd into frontend/ name its own scripts/ relative to it.
				if _, err := os.Stat(filepath.Join(root, ref)); err != nil {
					if _, err := os.Stat(filepath.Join(root, "frontend", ref)); err == nil {
						ref = "frontend/" + ref
					}
				}
				queue = append(queue, ref)
			}
			// Relative "source lib.sh"-style references next to the script.
			for _, name := range []string{"lib.sh", "tools.env", "install-tools.sh", "stripe-mock.sh"} {
				if strings.Contains(text, "/"+name) || strings.Contains(text, " "+name) {
					queue = append(queue, filepath.ToSlash(filepath.Join(filepath.Dir(s), name)))
				}
			}
		}
	}
}

func withoutComments(script string) string {
	var b strings.Builder
	for _, line := range strings.Split(script, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// The point of per-suite inputs: the backend and frontend suites do not read
// each other's trees.
func TestSuitesAreIndependent(t *testing.T) {
	for _, p := range SuiteInputs["backend"].All() {
		if strings.HasPrefix(p, "frontend") && p != "frontend/src/api/openapi.json" {
			t.Errorf("backend suite reads %q", p)
		}
	}
	for _, suite := range []string{"frontend", "lint-frontend"} {
		for _, p := range SuiteInputs[suite].All() {
			if strings.HasPrefix(p, "backend") || strings.HasPrefix(p, "ci") {
				t.Errorf("%s suite reads %q", suite, p)
			}
		}
	}
	for part := range LintParts {
		if _, ok := SuiteInputs[part]; !ok {
			t.Errorf("lint part %s has no inputs", part)
		}
	}
	if !slices.Contains(SuiteInputs["backend"].Deps, "backend/go.sum") {
		t.Error("the backend's module files must be a layer of their own (dependency downloads stay cached)")
	}
}
