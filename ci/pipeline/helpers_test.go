package pipeline

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// wantContains checks that got (named what in failures) contains each of want and none of notWant.
func wantContains(t *testing.T, what, got string, want, notWant []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, got)
		}
	}
	for _, w := range notWant {
		if strings.Contains(got, w) {
			t.Errorf("%s contains %q:\n%s", what, w, got)
		}
	}
}

// writeFiles creates dirs, then writes files (path → content), executable so fakes can run.
func writeFiles(t *testing.T, dirs []string, files map[string]string) {
	t.Helper()
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for f, c := range files {
		if err := os.WriteFile(f, []byte(c), 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

// fakeKubectlRun is a KubectlScript run in tmp against fakeKubectl: bin holds the fake, which
// logs its calls to logf, prints rendered for `kustomize` and exits diffRC from `diff`.
type fakeKubectlRun struct {
	tmp, bin, logf, rendered string
}

func newFakeKubectlRun(t *testing.T) fakeKubectlRun {
	tmp := t.TempDir()
	return fakeKubectlRun{tmp: tmp, bin: filepath.Join(tmp, "bin"), logf: filepath.Join(tmp, "calls.log"), rendered: filepath.Join(tmp, "rendered.yaml")}
}

// command is the script for in, with the fake first on PATH.
func (r fakeKubectlRun) command(in KubectlInput, diffRC int) *exec.Cmd {
	// The script writes /tmp/rendered.yaml, as in the container; keep the test's copy apart.
	script := strings.ReplaceAll(KubectlScript(in), "/tmp/rendered.yaml", ShellQuote(filepath.Join(r.tmp, "out.yaml")))
	cmd := exec.Command("sh", "-c", script)
	cmd.Env = append(os.Environ(), "PATH="+r.bin+":"+os.Getenv("PATH"), "FAKE_LOG="+r.logf,
		"FAKE_RENDERED="+r.rendered, "FAKE_DIFF_RC="+strconv.Itoa(diffRC))
	return cmd
}

// calls is what the fakes logged, with dir written as DIR.
func (r fakeKubectlRun) calls(dir string) string {
	logged, _ := os.ReadFile(r.logf)
	return strings.ReplaceAll(string(logged), dir, "DIR")
}
