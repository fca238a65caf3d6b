package pipeline

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The script runs for real under sh with fake apk and apt-get on PATH, which
// record what they were asked to install.
func TestInstallMissingInstallsOnlyWhatTheImageLacks(t *testing.T) {
	pkgs := []OSPackage{
		{Name: "present-pkg", Present: "true"},
		{Name: "absent-pkg", Present: "command -v no-such-command-here"},
	}
	tests := []struct {
		name, managers, want string
	}{
		{"alpine", "apk", "apk add --no-cache absent-pkg"},
		{"debian", "apt-get", "apt-get update\napt-get install -y --no-install-recommends absent-pkg"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bin, log := fakeManagers(t, tc.managers)
			runScript(t, bin, InstallMissing(pkgs))
			if got := readLog(t, log); got != tc.want {
				t.Fatalf("package manager calls:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
	t.Run("nothing missing", func(t *testing.T) {
		bin, log := fakeManagers(t, "apk")
		runScript(t, bin, InstallMissing(pkgs[:1]))
		if got := readLog(t, log); got != "" {
			t.Fatalf("nothing was missing, but the script ran: %s", got)
		}
	})
}

// fakeManagers writes the named package managers into a directory for PATH;
// each appends its command line to the returned log file.
func fakeManagers(t *testing.T, names string) (dir, log string) {
	t.Helper()
	dir = t.TempDir()
	log = filepath.Join(dir, "calls.log")
	for _, name := range strings.Fields(names) {
		script := "#!/bin/sh\necho \"" + name + " $*\" >> " + log + "\n"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir, log
}

func runScript(t *testing.T, pathDir, script string) {
	t.Helper()
	cmd := exec.Command("/bin/sh", "-c", script)
	// Only the fakes: the host's real apk or apt-get must never run.
	cmd.Env = []string{"PATH=" + pathDir}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("script failed: %v\n%s\nscript:\n%s", err, out, script)
	}
}

func readLog(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}
