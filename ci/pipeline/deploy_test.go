package pipeline

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestValidateDeploy(t *testing.T) {
	ssh := DeployArgs{SSHHost: "club.example.ch", SSHUser: "deploy", SSHPort: 22, HasSSHKey: true, DeployDir: "/opt/training-club"}
	kube := DeployArgs{HasKubeconfig: true, Overlay: "production", SSHPort: 22, DeployDir: "/opt/training-club"}
	with := func(a DeployArgs, f func(*DeployArgs)) DeployArgs { f(&a); return a }
	tests := []struct {
		name    string
		in      DeployArgs
		want    Target
		wantErr string
	}{
		{"ssh", ssh, TargetSSH, ""},
		{"ssh with env file and ip", with(ssh, func(a *DeployArgs) { a.HasEnvFile = true; a.SSHHost = "10.0.0.5" }), TargetSSH, ""},
		{"ssh ipv6", with(ssh, func(a *DeployArgs) { a.SSHHost = "fd00::5" }), TargetSSH, ""},
		{"kubernetes", kube, TargetKubernetes, ""},
		{"nothing", DeployArgs{SSHPort: 22, DeployDir: "/opt/x"}, "", "no deploy target"},
		{"both", with(ssh, func(a *DeployArgs) { a.HasKubeconfig = true }), "", "not both"},
		{"overlay with ssh", with(ssh, func(a *DeployArgs) { a.Overlay = "staging" }), "", "not both"},
		{"ssh without key", with(ssh, func(a *DeployArgs) { a.HasSSHKey = false }), TargetSSH, "--ssh-key is required"},
		{"offline dry run without key", with(ssh, func(a *DeployArgs) { a.HasSSHKey = false; a.DryRun = true }), TargetSSH, ""},
		{"ssh without user", with(ssh, func(a *DeployArgs) { a.SSHUser = "" }), TargetSSH, "--ssh-user is required"},
		{"env file alone", DeployArgs{HasEnvFile: true, SSHPort: 22, DeployDir: "/opt/x"}, TargetSSH, "--ssh-host is required"},
		{"bad host", with(ssh, func(a *DeployArgs) { a.SSHHost = "host;rm -rf /" }), TargetSSH, "not a host name"},
		{"bad user", with(ssh, func(a *DeployArgs) { a.SSHUser = "Root Admin" }), TargetSSH, "not a valid user"},
		{"bad port", with(ssh, func(a *DeployArgs) { a.SSHPort = 70000 }), TargetSSH, "out of range"},
		{"relative dir", with(ssh, func(a *DeployArgs) { a.DeployDir = "opt/x" }), TargetSSH, "absolute path"},
		{"root dir", with(ssh, func(a *DeployArgs) { a.DeployDir = "/" }), TargetSSH, "absolute path"},
		{"dotdot dir", with(ssh, func(a *DeployArgs) { a.DeployDir = "/opt/../etc" }), TargetSSH, "absolute path"},
		{"kube without overlay", with(kube, func(a *DeployArgs) { a.Overlay = "" }), TargetKubernetes, "--overlay is required"},
		{"overlay alone", DeployArgs{Overlay: "staging", SSHPort: 22, DeployDir: "/opt/x"}, TargetKubernetes, "--kubeconfig is required"},
		{"overlay traversal", with(kube, func(a *DeployArgs) { a.Overlay = "../../etc" }), TargetKubernetes, "not an overlay name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ValidateDeploy(tt.in)
			if got != tt.want {
				t.Errorf("target = %q; want %q", got, tt.want)
			}
			if tt.wantErr == "" {
				if err != nil {
					t.Errorf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error = %v; want containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestShellQuote(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	for _, s := range []string{"plain", "with space", "it's", `"$HOME" $(id) ; rm`, ""} {
		out, err := exec.Command(sh, "-c", "printf %s "+ShellQuote(s)).Output()
		if err != nil {
			t.Fatalf("sh: %v", err)
		}
		if string(out) != s {
			t.Errorf("ShellQuote(%q) round trip = %q", s, out)
		}
	}
}

func testImages() map[string]ImageRef {
	return map[string]ImageRef{
		"backend":  {"ghcr.io/acme/training-club-backend", "abc", dgA},
		"frontend": {"ghcr.io/acme/training-club-frontend", "abc", dgB},
		"proxy":    {"ghcr.io/acme/training-club-proxy", "abc", dgC},
	}
}

func TestComposeEnv(t *testing.T) {
	want := "BACKEND_IMAGE=ghcr.io/acme/training-club-backend@" + dgA + "\n" +
		"FRONTEND_IMAGE=ghcr.io/acme/training-club-frontend@" + dgB + "\n" +
		"PROXY_IMAGE=ghcr.io/acme/training-club-proxy@" + dgC + "\n"
	if got := ComposeEnv(testImages()); got != want {
		t.Errorf("ComposeEnv =\n%s\nwant\n%s", got, want)
	}
}

// TestComposeDeployScript runs the rendered script with a fake docker on
// PATH and checks the compose commands it issues and the env they see.
func TestComposeDeployScript(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	tests := []struct {
		name     string
		dryRun   bool
		want     []string
		notWant  []string
		leftover bool
	}{
		{
			name:   "deploy",
			dryRun: false,
			want: []string{
				"compose -p training-club -f compose.yaml -f compose.prod.yaml config --quiet",
				"compose -p training-club -f compose.yaml -f compose.prod.yaml pull --quiet",
				"compose -p training-club -f compose.yaml -f compose.prod.yaml up -d --no-build --remove-orphans --wait --wait-timeout 300",
				"BACKEND_IMAGE=ghcr.io/acme/training-club-backend@" + dgA,
				"PROXY_IMAGE=ghcr.io/acme/training-club-proxy@" + dgC,
			},
			notWant:  []string{"dry run"},
			leftover: true,
		},
		{
			name:   "dry run",
			dryRun: true,
			want: []string{
				"config --quiet",
				"config --services",
				"ps --format",
				"dry run: nothing was changed",
				"FRONTEND_IMAGE=ghcr.io/acme/training-club-frontend@" + dgB,
			},
			notWant:  []string{" up -d", " pull"},
			leftover: false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp := t.TempDir()
			bin := filepath.Join(tmp, "bin")
			dir := filepath.Join(tmp, "deploy dir")
			log := filepath.Join(tmp, "docker.log")
			in := ComposeScriptInput{Dir: dir, DryRun: tt.dryRun, Images: testImages()}
			fake := "#!/bin/sh\necho \"$*\" >> " + ShellQuote(log) + "\nenv | grep _IMAGE= | sort >> " + ShellQuote(log) + "\n" +
				"case \"$*\" in *'config --services'*) echo backend ;; esac\n"
			writeFiles(t, []string{bin, in.WorkDir()}, map[string]string{filepath.Join(bin, "docker"): fake})
			cmd := exec.Command("sh", "-c", ComposeDeployScript(in))
			cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"))
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("script failed: %v\n%s", err, out)
			}
			logged, _ := os.ReadFile(log)
			wantContains(t, "the docker calls and output", string(logged)+string(out), tt.want, tt.notWant)
			if _, err := os.Stat(in.WorkDir()); (err == nil) != tt.leftover {
				t.Errorf("work dir exists=%v after run; want %v", err == nil, tt.leftover)
			}
		})
	}
}

// TestSSHDriverScript runs the driver with a fake ssh that executes the
// remote command locally, so the whole upload-and-run path is exercised.
func TestSSHDriverScript(t *testing.T) {
	for _, withEnv := range []bool{false, true} {
		tmp := t.TempDir()
		bin := filepath.Join(tmp, "bin")
		bundle := filepath.Join(tmp, "bundle")
		work := filepath.Join(tmp, "host", "opt", "training-club")
		envFile := filepath.Join(tmp, "production.env")
		argsLog := filepath.Join(tmp, "ssh-args.log")
		for _, d := range []string{bin, bundle} {
			if err := os.MkdirAll(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(os.WriteFile(filepath.Join(bundle, "compose.yaml"), []byte("services: {}\n"), 0o644))
		must(os.WriteFile(filepath.Join(bundle, ComposeScriptName), []byte("echo ran-in \"$(dirname \"$0\")\"\n"), 0o644))
		must(os.WriteFile(envFile, []byte("JWT_SECRET_KEY=fake\n"), 0o600))
		// The fake ssh logs its options and runs the last argument (the remote command).
		fake := "#!/bin/sh\nfor a; do last=$a; done\necho \"$*\" >> " + ShellQuote(argsLog) + "\nexec sh -c \"$last\"\n"
		must(os.WriteFile(filepath.Join(bin, "ssh"), []byte(fake), 0o755))

		script := SSHDriverScript(SSHInput{Host: "club.example.ch", User: "deploy", Port: 2222, EnvFile: withEnv, WorkDir: work})
		script = strings.ReplaceAll(script, BundleDir, bundle)
		script = strings.ReplaceAll(script, EnvFilePath, envFile)
		cmd := exec.Command("sh", "-c", script)
		cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("driver failed: %v\n%s", err, out)
		}
		if !strings.Contains(string(out), "ran-in "+work) {
			t.Errorf("remote script did not run in %s: %s", work, out)
		}
		if _, err := os.Stat(filepath.Join(work, "compose.yaml")); err != nil {
			t.Errorf("bundle not unpacked: %v", err)
		}
		env, err := os.ReadFile(filepath.Join(work, ".env"))
		if withEnv && (err != nil || string(env) != "JWT_SECRET_KEY=fake\n") {
			t.Errorf(".env not uploaded: %q, %v", env, err)
		}
		if !withEnv && err == nil {
			t.Errorf(".env uploaded although none was given")
		}
		if withEnv {
			if fi, err := os.Stat(filepath.Join(work, ".env")); err == nil && fi.Mode().Perm() != 0o600 {
				t.Errorf(".env mode = %v; want 0600", fi.Mode().Perm())
			}
		}
		args, _ := os.ReadFile(argsLog)
		for _, w := range []string{"-p 2222", "StrictHostKeyChecking=accept-new", "BatchMode=yes", "deploy@club.example.ch"} {
			if !strings.Contains(string(args), w) {
				t.Errorf("ssh args lack %q: %s", w, args)
			}
		}
	}
	strict := SSHDriverScript(SSHInput{Host: "h", User: "u", Port: 22, KnownHosts: true, WorkDir: "/opt/x"})
	if !strings.Contains(strict, "StrictHostKeyChecking=yes") {
		t.Errorf("known hosts given but not strict:\n%s", strict)
	}
}

func TestComposePlanIsOffline(t *testing.T) {
	imgs := map[string]ImageRef{"backend": {Repository: "ghcr.io/o/training-club-backend", Tag: "abc", Digest: "sha256:" + strings.Repeat("1", 64)}}
	plan := ComposePlan(ComposeScriptInput{Dir: "/opt/training-club", DryRun: true, Images: imgs}, "deploy", "club.example.ch", 22)
	for _, want := range []string{"nothing connected to deploy@club.example.ch:22", "backend ghcr.io/o/training-club-backend@sha256:111",
		"up -d", "dry run: nothing was changed"} {
		if !strings.Contains(plan, want) {
			t.Errorf("plan lacks %q:\n%s", want, plan)
		}
	}
}
