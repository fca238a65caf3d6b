package pipeline

import (
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"
)

func TestToolPins(t *testing.T) {
	pins, err := ToolPins("# comment\n\nA_VERSION=${A_VERSION:-v1.2.3}\n  B_VERSION=${B_VERSION:-v0.1}  \n")
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"A_VERSION": "v1.2.3", "B_VERSION": "v0.1"}; !reflect.DeepEqual(pins, want) {
		t.Errorf("pins = %v; want %v", pins, want)
	}
	for _, bad := range []string{"A_VERSION=v1", "A_VERSION=${B_VERSION:-v1}", "export A=${A:-v1}", "A_VERSION=${A_VERSION:-}"} {
		if _, err := ToolPins(bad); err == nil {
			t.Errorf("ToolPins(%q) accepted", bad)
		}
	}
}

// The repository's own tools.env parses and pins every tool publish builds.
func TestToolPinsOfTheRepository(t *testing.T) {
	env, err := os.ReadFile("../../scripts/tools.env")
	if err != nil {
		t.Fatal(err)
	}
	pins, err := ToolPins(string(env))
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range []GoTool{Syft, Oras, Cosign} {
		args, err := tool.InstallArgs(pins)
		if err != nil {
			t.Error(err)
			continue
		}
		want := []string{"go", "install", tool.Package + "@" + pins[tool.VersionVar]}
		if !reflect.DeepEqual(args, want) {
			t.Errorf("%s: %q; want %q", tool.Name, args, want)
		}
	}
	if _, err := Syft.InstallArgs(map[string]string{}); err == nil {
		t.Error("InstallArgs without a pin succeeded")
	}
}

func TestSBOMNamesAndScan(t *testing.T) {
	if got := SBOMFileName("backend", "linux/arm64"); got != "training-club-backend.linux-arm64.spdx.json" {
		t.Errorf("SBOMFileName = %q", got)
	}
	want := []string{"syft", "scan", "oci-archive:/image.tar", "-o", "spdx-json=/out/x.spdx.json",
		"--source-name", "ghcr.io/acme/training-club-backend", "--source-version", "1.2.3"}
	if got := SyftScanArgs("/image.tar", "/out/x.spdx.json", "ghcr.io/acme/training-club-backend", "1.2.3"); !reflect.DeepEqual(got, want) {
		t.Errorf("SyftScanArgs = %q", got)
	}
}

func TestToolRegistryFor(t *testing.T) {
	tests := []struct {
		host string
		want ToolRegistry
		err  bool
	}{
		{"ghcr.io", ToolRegistry{Host: "ghcr.io"}, false},
		{"registry.example.ch:5000", ToolRegistry{Host: "registry.example.ch:5000"}, false},
		{"docker.io", ToolRegistry{Host: "docker.io"}, false},
		{"127.0.0.1:5123", ToolRegistry{Host: "loopback-registry:5123", TunnelPort: 5123, PlainHTTP: true}, false},
		{"127.1.2.3:5000", ToolRegistry{Host: "loopback-registry:5000", TunnelPort: 5000, PlainHTTP: true}, false},
		{"localhost:5000", ToolRegistry{Host: "loopback-registry:5000", TunnelPort: 5000, PlainHTTP: true}, false},
		{"localhost", ToolRegistry{Host: "loopback-registry:80", TunnelPort: 80, PlainHTTP: true}, false},
		{"[::1]:5000", ToolRegistry{Host: "loopback-registry:5000", TunnelPort: 5000, PlainHTTP: true}, false},
		{"localhost:0", ToolRegistry{}, true},
	}
	for _, tt := range tests {
		got, err := ToolRegistryFor(tt.host)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ToolRegistryFor(%q) = %+v, %v; want %+v, error %v", tt.host, got, err, tt.want, tt.err)
		}
	}
	ref := ImageRef{Repository: "127.0.0.1:5123/tc/training-club-backend", Tag: "abc", Digest: dgA}
	r, _ := ToolRegistryFor(RegistryHost(ref.Repository))
	if got := r.Ref(ref); got != "loopback-registry:5123/tc/training-club-backend@"+dgA {
		t.Errorf("Ref = %q", got)
	}
}

func TestSigningFor(t *testing.T) {
	tests := []struct {
		key, keyPassword, url, token bool
		want                         Signing
		err                          bool
	}{
		{want: NoSigning},
		{key: true, want: KeySigning},
		{key: true, keyPassword: true, want: KeySigning},
		{url: true, token: true, want: KeylessSigning},
		{keyPassword: true, err: true},
		{token: true, err: true},
		{url: true, err: true},
		{key: true, url: true, token: true, err: true},
	}
	for _, tt := range tests {
		got, err := SigningFor(tt.key, tt.keyPassword, tt.url, tt.token)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("SigningFor(%v, %v, %v, %v) = %v, %v; want %v, error %v",
				tt.key, tt.keyPassword, tt.url, tt.token, got, err, tt.want, tt.err)
		}
	}
}

func TestAttestScript(t *testing.T) {
	ref := "ghcr.io/acme/training-club-backend@" + dgA
	sboms := []SBOM{{File: "training-club-backend.linux-amd64.spdx.json", Platform: "linux/amd64"}}
	tests := []struct {
		name          string
		in            AttestInput
		want, notWant []string
	}{
		{
			name: "sbom with login, no signature",
			in:   AttestInput{Registry: ToolRegistry{Host: "ghcr.io"}, Ref: ref, Login: true, SBOMs: sboms},
			want: []string{
				`printf '%s\n' "$REGISTRY_PASSWORD" | oras login --registry-config /auth/config.json -u "$REGISTRY_USERNAME" --password-stdin 'ghcr.io'`,
				"oras attach --registry-config /auth/config.json --artifact-type application/spdx+json " +
					"--annotation 'org.trainingclub.sbom.platform=linux/amd64' '" + ref + "' " +
					"'training-club-backend.linux-amd64.spdx.json:application/spdx+json'",
			},
			notWant: []string{"cosign", "--plain-http"},
		},
		{
			name:    "key signing on a loopback registry, no login, no sbom",
			in:      AttestInput{Registry: ToolRegistry{Host: "loopback-registry:5123", TunnelPort: 5123, PlainHTTP: true}, Ref: "loopback-registry:5123/x@" + dgA, Signing: KeySigning},
			want:    []string{"cosign sign --key env://COSIGN_KEY -y --tlog-upload=false --allow-http-registry 'loopback-registry:5123/x@" + dgA + "'"},
			notWant: []string{"oras", "REGISTRY_PASSWORD"},
		},
		{
			name:    "keyless signing writes to the transparency log",
			in:      AttestInput{Registry: ToolRegistry{Host: "ghcr.io"}, Ref: ref, Login: true, Signing: KeylessSigning},
			want:    []string{"oras login", "cosign sign -y '" + ref + "'"},
			notWant: []string{"--key", "tlog-upload", "oras attach"},
		},
		{
			name: "plain HTTP reaches every oras call",
			in:   AttestInput{Registry: ToolRegistry{Host: "loopback-registry:5000", PlainHTTP: true}, Ref: "loopback-registry:5000/x@" + dgA, Login: true, SBOMs: sboms},
			want: []string{"oras login --registry-config /auth/config.json --plain-http", "oras attach --registry-config /auth/config.json --plain-http"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := AttestScript(tt.in)
			wantContains(t, "script", got, append([]string{"set -eu\nexec 2>&1\n"}, tt.want...), tt.notWant)
		})
	}
}

// fakeTool logs each call (its name, arguments and standard input) to $CALLS,
// and fails when its name is in $FAIL.
const fakeTool = `#!/bin/sh
name=$(basename "$0")
in=""
[ "$1" = login ] && in=$(cat)
echo "$name $* <$in>" >> "$CALLS"
case " $FAIL " in *" $name "*) echo "$name failed" >&2; exit 1 ;; esac
echo "$name ok" >&2
`

// TestAttestScriptRuns runs the rendered script with fake oras and cosign:
// the password reaches oras on stdin only, the calls come in order, the
// tools' stderr is the script's output, and a failing oras stops it before
// the signature.
func TestAttestScriptRuns(t *testing.T) {
	ref := "loopback-registry:5123/tc/training-club-backend@" + dgA
	script := AttestScript(AttestInput{
		Registry: ToolRegistry{Host: "loopback-registry:5123", TunnelPort: 5123, PlainHTTP: true},
		Ref:      ref, Login: true, Signing: KeySigning,
		SBOMs: []SBOM{{File: "a.spdx.json", Platform: "linux/amd64"}, {File: "b.spdx.json", Platform: "linux/arm64"}},
	})
	run := func(fail string) (calls, out string, err error) {
		tmp := t.TempDir()
		bin, logf := tmp+"/bin", tmp+"/calls.log"
		writeFiles(t, []string{bin}, map[string]string{bin + "/oras": fakeTool, bin + "/cosign": fakeTool})
		cmd := exec.Command("sh", "-c", script)
		cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"), "CALLS="+logf, "FAIL="+fail,
			"REGISTRY_USERNAME=ci", "REGISTRY_PASSWORD=s3cret")
		b, err := cmd.Output()
		log, _ := os.ReadFile(logf)
		return string(log), string(b), err
	}

	calls, out, err := run("")
	if err != nil {
		t.Fatalf("script failed: %v\n%s", err, out)
	}
	want := "oras login --registry-config /auth/config.json --plain-http -u ci --password-stdin loopback-registry:5123 <s3cret>\n" +
		"oras attach --registry-config /auth/config.json --plain-http --artifact-type application/spdx+json --annotation org.trainingclub.sbom.platform=linux/amd64 " + ref + " a.spdx.json:application/spdx+json <>\n" +
		"oras attach --registry-config /auth/config.json --plain-http --artifact-type application/spdx+json --annotation org.trainingclub.sbom.platform=linux/arm64 " + ref + " b.spdx.json:application/spdx+json <>\n" +
		"cosign sign --key env://COSIGN_KEY -y --tlog-upload=false --allow-http-registry " + ref + " <>\n"
	if calls != want {
		t.Errorf("calls:\n%s\nwant:\n%s", calls, want)
	}
	if strings.Count(out, "ok\n") != 4 {
		t.Errorf("the tools' stderr is not the script's output: %q", out)
	}

	calls, _, err = run("oras")
	if err == nil || strings.Contains(calls, "attach") || strings.Contains(calls, "cosign") {
		t.Errorf("a failing login did not stop the script (err %v):\n%s", err, calls)
	}
}
