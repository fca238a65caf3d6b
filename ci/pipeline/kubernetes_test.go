package pipeline

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestKubernetesImages(t *testing.T) {
	all := testImages()
	tests := []struct {
		name        string
		in          map[string]ImageRef
		wantNames   []string
		wantSkipped []string
	}{
		{"all published", all, []string{"backend", "frontend"}, []string{"proxy"}},
		{"no proxy", map[string]ImageRef{"backend": all["backend"], "frontend": all["frontend"]}, []string{"backend", "frontend"}, nil},
		{"empty", map[string]ImageRef{}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, skipped := KubernetesImages(tt.in)
			var names []string
			for _, n := range ImageNames {
				if r, ok := got[n]; ok {
					names = append(names, n)
					if r != tt.in[n] {
						t.Errorf("%s = %v; want %v", n, r, tt.in[n])
					}
				}
			}
			if strings.Join(names, ",") != strings.Join(tt.wantNames, ",") {
				t.Errorf("deployed = %v; want %v", names, tt.wantNames)
			}
			if strings.Join(skipped, ",") != strings.Join(tt.wantSkipped, ",") {
				t.Errorf("skipped = %v; want %v", skipped, tt.wantSkipped)
			}
		})
	}
}

func TestKustomization(t *testing.T) {
	placeholder := testImages()
	placeholder["backend"] = ImageRef{Repository: "training-club/backend", Digest: dgA}
	tests := []struct {
		name    string
		images  map[string]ImageRef
		want    []string
		notWant []string
	}{
		{
			name:   "registry repositories",
			images: testImages(),
			want: []string{
				"kind: Kustomization",
				"resources:\n  - ../overlays/production\n",
				"  - name: training-club/backend\n    newName: ghcr.io/acme/training-club-backend\n    digest: " + dgA + "\n",
				"  - name: ghcr.io/acme/training-club-backend\n    newName: ghcr.io/acme/training-club-backend\n    digest: " + dgA + "\n",
				"  - name: training-club/frontend\n    newName: ghcr.io/acme/training-club-frontend\n    digest: " + dgB + "\n",
			},
			// The k8s manifests have no proxy (Ingress instead), and digests, never tags.
			notWant: []string{"proxy", dgC, ":abc"},
		},
		{
			name:    "placeholder repository is not listed twice",
			images:  placeholder,
			want:    []string{"  - name: training-club/backend\n    newName: training-club/backend\n    digest: " + dgA + "\n"},
			notWant: []string{"proxy"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Kustomization("production", tt.images, nil)
			wantContains(t, "kustomization", got, tt.want, tt.notWant)
			if n := strings.Count(got, "name: training-club/backend\n"); n != 1 {
				t.Errorf("training-club/backend listed %d times:\n%s", n, got)
			}
			// Stable output: same input, same bytes.
			if again := Kustomization("production", tt.images, nil); again != got {
				t.Error("Kustomization output is not deterministic")
			}
		})
	}
}

// fakeKubectl answers the kubectl calls of KubectlScript and of
// scripts/k8s/deploy.sh: kustomize prints $FAKE_RENDERED, diff exits with
// $FAKE_DIFF_RC, apply prints what a server-side dry run would.
const fakeKubectl = `#!/bin/sh
echo "kubectl $*" >> "$FAKE_LOG"
case "$*" in
  kustomize*) cat "$FAKE_RENDERED" ;;
  diff*) echo "diff output"; exit "${FAKE_DIFF_RC:-0}" ;;
  *deploy-phase=namespace*) echo namespace/training-club ;;
  *deploy-phase=pre-rollout*) echo "job.batch/backend-migrate created (server dry run)" ;;
  apply*) echo "deployment.apps/backend configured (server dry run)" ;;
esac
`

// TestKubectlScript runs the rendered script with a fake kubectl and a fake
// release script on PATH and checks the order of calls, the digest check
// (proxy skipped) and that failures stop the script.
func TestKubectlScript(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	pinnedBoth := "image: ghcr.io/acme/training-club-backend@" + dgA + "\nimage: ghcr.io/acme/training-club-frontend@" + dgB + "\n"
	tests := []struct {
		name      string
		dryRun    bool
		rendered  string
		diffRC    int
		releaseRC int
		wantErr   bool
		want      []string // in the call log, stdout or stderr
		notWant   []string
	}{
		{
			name:     "release",
			rendered: pinnedBoth,
			want: []string{
				"deploy: proxy image not deployed",
				"kubectl kustomize",
				"deploy: backend=ghcr.io/acme/training-club-backend@" + dgA,
				"deploy: frontend=ghcr.io/acme/training-club-frontend@" + dgB,
				"release DIR",
				"release log on stderr",
			},
			notWant: []string{"--dry-run", "kubectl diff", "kubectl apply", "nothing was changed"},
		},
		{
			name:     "dry run with changes",
			dryRun:   true,
			rendered: pinnedBoth,
			diffRC:   1,
			want: []string{
				"deploy: proxy image not deployed",
				"release --dry-run DIR",
				"kubectl diff -k DIR -l app.kubernetes.io/component!=migration",
				"diff output",
				"dry run: nothing was changed",
			},
			notWant: []string{"release DIR", "kubectl apply"},
		},
		{
			name:     "dry run, diff error",
			dryRun:   true,
			rendered: pinnedBoth,
			diffRC:   2,
			wantErr:  true,
			want:     []string{"release --dry-run DIR", "kubectl diff failed (exit 2)"},
			notWant:  []string{"nothing was changed"},
		},
		{
			name:     "frontend digest not in the manifests",
			rendered: "image: ghcr.io/acme/training-club-backend@" + dgA + "\nimage: training-club/frontend:latest\n",
			wantErr:  true,
			want:     []string{"frontend image ghcr.io/acme/training-club-frontend@" + dgB + " is not in the rendered manifests"},
			notWant:  []string{"release"},
		},
		{
			name:      "release fails",
			rendered:  pinnedBoth,
			releaseRC: 1,
			wantErr:   true,
			want:      []string{"release DIR", "release log on stderr"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := newFakeKubectlRun(t)
			dir := filepath.Join(run.tmp, "k8s dir")
			release := filepath.Join(run.tmp, "release.sh")
			writeFiles(t, []string{run.bin, dir}, map[string]string{
				filepath.Join(run.bin, "kubectl"): fakeKubectl,
				run.rendered:                      tt.rendered,
				release: "echo \"release $*\" >> \"$FAKE_LOG\"\necho 'release log on stderr' >&2\nexit " +
					strconv.Itoa(tt.releaseRC) + "\n",
			})
			cmd := run.command(KubectlInput{Dir: dir, ReleaseScript: release, DryRun: tt.dryRun, Images: testImages()}, tt.diffRC)
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v; wantErr %v\nstdout:\n%s\nstderr:\n%s", err, tt.wantErr, stdout.String(), stderr.String())
			}
			logged := run.calls(dir)
			// Call order is checked in TestKubectlScriptWithReleaseScript.
			wantContains(t, "the calls and output", logged+strings.ReplaceAll(stdout.String()+stderr.String(), dir, "DIR"), tt.want, tt.notWant)
			// The release script's stderr is part of what deploy returns (stdout).
			if strings.Contains(logged, "release") && !strings.Contains(stdout.String(), "release log on stderr") {
				t.Errorf("release log not merged into stdout:\n%s", stdout.String())
			}
		})
	}
}

// TestKubectlScriptWithReleaseScript runs the rendered dry-run script with
// the repository's scripts/k8s/deploy.sh and a fake kubectl: the arguments
// the module passes are the ones the release script accepts, and its phases
// (namespace, pre-rollout with the migration Job, everything) run in order.
func TestKubectlScriptWithReleaseScript(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	release, err := filepath.Abs(filepath.Join("..", "..", ReleaseScriptPath))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(release); err != nil {
		t.Fatalf("release script: %v", err)
	}
	run := newFakeKubectlRun(t)
	dir := filepath.Join(run.tmp, "deploy", "k8s", KustomizeDir)
	writeFiles(t, []string{run.bin, dir}, map[string]string{
		filepath.Join(run.bin, "kubectl"):        fakeKubectl,
		filepath.Join(dir, "kustomization.yaml"): Kustomization("staging", testImages(), nil),
		run.rendered: "        image: ghcr.io/acme/training-club-backend@" + dgA + "\n" +
			"        image: ghcr.io/acme/training-club-frontend@" + dgB + "\n",
	})
	out, err := run.command(KubectlInput{Dir: dir, ReleaseScript: release, DryRun: true, Images: testImages()}, 1).Output()
	if err != nil {
		t.Fatalf("script failed: %v\n%s", err, out)
	}
	calls := run.calls(dir)
	pos := 0
	for _, w := range []string{
		"kubectl kustomize DIR",
		"kubectl apply --dry-run=server -k DIR -l training-club.ch/deploy-phase=namespace -o name",
		"kubectl -n training-club delete job backend-migrate --ignore-not-found --wait=true --dry-run=server",
		"kubectl apply --dry-run=server -k DIR -l training-club.ch/deploy-phase=pre-rollout",
		"kubectl apply --dry-run=server -k DIR\n",
		"kubectl diff -k DIR -l app.kubernetes.io/component!=migration",
	} {
		i := strings.Index(calls[pos:], w)
		if i < 0 {
			t.Fatalf("call %q missing or out of order in\n%s", w, calls)
		}
		pos += i + len(w)
	}
	for _, w := range []string{"proxy image not deployed", "job.batch/backend-migrate created (server dry run)", "dry run: nothing was changed"} {
		if !strings.Contains(string(out), w) {
			t.Errorf("output lacks %q:\n%s", w, out)
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
