package pipeline

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"dagger/training-club/pipeline/dockerfile"
)

func TestReproimageArgs(t *testing.T) {
	created := time.Date(2026, 12, 2, 3, 33, 43, 0, time.UTC)
	loopback, err := ToolRegistryFor("127.0.0.1:5123")
	if err != nil {
		t.Fatal(err)
	}
	remote, err := ToolRegistryFor("ghcr.io")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		registry ToolRegistry
		repo     string
		want     []string
	}{
		{"loopback over the tunnel, plain HTTP", loopback, "127.0.0.1:5123/tc/training-club-backend", []string{
			"reproimage", "-epoch", "1796182423", "-insecure",
			"-tag", "loopback-registry:5123/tc/training-club-backend:e7b5cf2",
			"-tag", "loopback-registry:5123/tc/training-club-backend:1.2.5",
			"-base", "/in/base-0.tar", "-base", "/in/base-1.tar",
			"/in/0.tar", "/in/1.tar"}},
		{"remote registry as named", remote, "ghcr.io/acme/training-club-backend", []string{
			"reproimage", "-epoch", "1796182423",
			"-tag", "ghcr.io/acme/training-club-backend:e7b5cf2",
			"-tag", "ghcr.io/acme/training-club-backend:1.2.5",
			"-base", "/in/base-0.tar", "-base", "/in/base-1.tar",
			"/in/0.tar", "/in/1.tar"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ReproimageArgs(ReproimageInput{Registry: tc.registry, Repository: tc.repo,
				Tags: []string{"e7b5cf2", "1.2.5"}, Created: created, Archives: []string{"/in/0.tar", "/in/1.tar"},
				Bases: []string{"/in/base-0.tar", "/in/base-1.tar"}})
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("args\n%q\nwant\n%q", got, tc.want)
			}
			if strings.Contains(strings.Join(got, " "), "PASSWORD") {
				t.Error("credentials in the arguments")
			}
		})
	}
}

func TestParsePushedDigest(t *testing.T) {
	d := "sha256:" + strings.Repeat("ab", 32)
	got, err := ParsePushedDigest(d + "\n")
	if err != nil || got != d {
		t.Errorf("ParsePushedDigest = %q, %v", got, err)
	}
	for _, bad := range []string{"", "\n", "pushed\n", "sha256:abc\n", d + "\nextra\n"} {
		if _, err := ParsePushedDigest(bad); err == nil {
			t.Errorf("ParsePushedDigest(%q) accepted", bad)
		}
	}
}

// FinalBaseKnob names the base image of each Dockerfile's last FROM.
func TestFinalBaseKnobIsTheDockerfilesLastFrom(t *testing.T) {
	for _, name := range ImageNames {
		src, err := os.ReadFile("../../" + name + "/Dockerfile")
		if err != nil {
			t.Fatal(err)
		}
		instrs, _ := dockerfile.Parse(string(src))
		last := ""
		for _, in := range instrs {
			if in.Keyword == "FROM" {
				last = strings.Fields(in.Args)[0]
			}
		}
		if want := "${" + FinalBaseKnob[name] + "}"; last != want {
			t.Errorf("%s/Dockerfile: last FROM %s, FinalBaseKnob says %s", name, last, want)
		}
	}
}

// The tool publish builds is where the module looks for it.
func TestReproimageSourceExists(t *testing.T) {
	for _, f := range []string{"go.mod", "go.sum", "main.go"} {
		if _, err := os.Stat("../../" + ReproimageSource + "/" + f); err != nil {
			t.Error(err)
		}
	}
}
