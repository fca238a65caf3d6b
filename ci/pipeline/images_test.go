package pipeline

import (
	"reflect"
	"strings"
	"testing"
)

const (
	dgA = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	dgB = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	dgC = "sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
)

func TestValidateRegistry(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"ghcr.io/acme", true},
		{"ghcr.io/acme/team", true},
		{"localhost:5000", true},
		{"registry.example.ch:5000/club", true},
		{"acme", true},
		{"", false},
		{"https://ghcr.io/acme", false},
		{"ghcr.io/Acme", false},
		{"ghcr.io/acme:latest", false},
		{"ghcr.io/acme/", false},
	}
	for _, tt := range tests {
		if err := ValidateRegistry(tt.in); (err == nil) != tt.ok {
			t.Errorf("ValidateRegistry(%q) = %v; want ok=%v", tt.in, err, tt.ok)
		}
	}
}

func TestRegistryHost(t *testing.T) {
	tests := map[string]string{
		"ghcr.io/acme":        "ghcr.io",
		"localhost:5000/club": "localhost:5000",
		"localhost/club":      "localhost",
		"acme":                "docker.io",
		"acme/team":           "docker.io",
		"docker.io/acme":      "docker.io",
	}
	for in, want := range tests {
		if got := RegistryHost(in); got != want {
			t.Errorf("RegistryHost(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestImageRepositoryAndNames(t *testing.T) {
	if got := ImageRepository("ghcr.io/acme", "backend"); got != "ghcr.io/acme/training-club-backend" {
		t.Errorf("ImageRepository = %q", got)
	}
	if got := ComposeImageVar("frontend"); got != "FRONTEND_IMAGE" {
		t.Errorf("ComposeImageVar = %q", got)
	}
	if got := PlaceholderImage("proxy"); got != "training-club/proxy" {
		t.Errorf("PlaceholderImage = %q", got)
	}
}

func TestParseImageRef(t *testing.T) {
	tests := []struct {
		in      string
		want    ImageRef
		wantErr bool
	}{
		{"ghcr.io/acme/training-club-backend:abc@" + dgA, ImageRef{"ghcr.io/acme/training-club-backend", "abc", dgA}, false},
		{"ghcr.io/acme/training-club-backend@" + dgA, ImageRef{"ghcr.io/acme/training-club-backend", "", dgA}, false},
		{"localhost:5000/club/x:1.2.3", ImageRef{"localhost:5000/club/x", "1.2.3", ""}, false},
		{"localhost:5000/club/x", ImageRef{"localhost:5000/club/x", "", ""}, false},
		{"training-club/backend", ImageRef{"training-club/backend", "", ""}, false},
		{"redis:7", ImageRef{"redis", "7", ""}, false},
		{"", ImageRef{}, true},
		{"ghcr.io/acme/x@sha256:123", ImageRef{}, true},
		{"ghcr.io/acme/x:bad tag", ImageRef{}, true},
		{"ghcr.io/Acme/x", ImageRef{}, true},
	}
	for _, tt := range tests {
		got, err := ParseImageRef(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseImageRef(%q) = %+v, %v; want %+v, err=%v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err == nil && got.String() != tt.in {
			t.Errorf("ParseImageRef(%q).String() = %q; want round trip", tt.in, got.String())
		}
	}
}

func TestFormatAndParsePublished(t *testing.T) {
	images := []Published{
		{"proxy", ImageRef{"ghcr.io/acme/training-club-proxy", "abc", dgC}},
		{"backend", ImageRef{"ghcr.io/acme/training-club-backend", "abc", dgA}},
		{"frontend", ImageRef{"ghcr.io/acme/training-club-frontend", "abc", dgB}},
	}
	out := FormatPublished(images)
	wantOut := "backend=ghcr.io/acme/training-club-backend:abc@" + dgA + "\n" +
		"frontend=ghcr.io/acme/training-club-frontend:abc@" + dgB + "\n" +
		"proxy=ghcr.io/acme/training-club-proxy:abc@" + dgC + "\n"
	if out != wantOut {
		t.Fatalf("FormatPublished =\n%s\nwant\n%s", out, wantOut)
	}
	parsed, err := ParsePublished("# from publish\n\n" + out)
	if err != nil {
		t.Fatalf("ParsePublished: %v", err)
	}
	want := map[string]ImageRef{}
	for _, p := range images {
		want[p.Name] = p.Ref
	}
	if !reflect.DeepEqual(parsed, want) {
		t.Errorf("ParsePublished = %+v; want %+v", parsed, want)
	}
}

func TestParsePublishedErrors(t *testing.T) {
	ok := "backend=r/b@" + dgA + "\nfrontend=r/f@" + dgB + "\nproxy=r/p@" + dgC + "\n"
	tests := []struct{ name, in, wantErr string }{
		{"empty", "", "missing backend, frontend, proxy"},
		{"missing proxy", "backend=r/b@" + dgA + "\nfrontend=r/f@" + dgB, "missing proxy"},
		{"no digest", strings.Replace(ok, "r/b@"+dgA, "r/b:1.0", 1), "has no digest"},
		{"unknown name", ok + "worker=r/w@" + dgA, "unknown image"},
		{"duplicate", ok + "backend=r/b@" + dgA, "given twice"},
		{"no equals", "backend r/b@" + dgA, "want name=ref"},
		{"bad digest", strings.Replace(ok, dgA, "sha256:xyz", 1), "digest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePublished(tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParsePublished error = %v; want containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestConnectionStrings(t *testing.T) {
	if got, want := MySQLDSN("root", "s3cret", "mysql", 3306, ""), "root:s3cret@tcp(mysql:3306)/"; got != want {
		t.Errorf("MySQLDSN = %q; want %q", got, want)
	}
	tests := []struct {
		password, want string
	}{
		{"abc123", "redis://:abc123@redis:6379/0"},
		{"", "redis://redis:6379/0"},
		{"p@ss/w:rd", "redis://:p%40ss%2Fw%3Ard@redis:6379/0"},
	}
	for _, tt := range tests {
		if got := RedisURL(tt.password, "redis", 6379, 0); got != tt.want {
			t.Errorf("RedisURL(%q) = %q; want %q", tt.password, got, tt.want)
		}
	}
}

func TestValidateCredentials(t *testing.T) {
	tests := []struct {
		user string
		pw   bool
		ok   bool
	}{
		{"", false, true}, {"bot", true, true}, {"bot", false, false}, {"", true, false},
	}
	for _, tt := range tests {
		if err := ValidateCredentials(tt.user, tt.pw); (err == nil) != tt.ok {
			t.Errorf("ValidateCredentials(%q, %v) = %v; want ok=%v", tt.user, tt.pw, err, tt.ok)
		}
	}
}

func TestValidatePlatforms(t *testing.T) {
	tests := []struct {
		in []string
		ok bool
	}{
		{DefaultPlatforms, true},
		{[]string{"linux/arm/v7"}, true},
		{nil, false},
		{[]string{"linux/amd64", "linux/amd64"}, false},
		{[]string{"windows/amd64"}, false},
		{[]string{"amd64"}, false},
	}
	for _, tt := range tests {
		if err := ValidatePlatforms(tt.in); (err == nil) != tt.ok {
			t.Errorf("ValidatePlatforms(%v) = %v; want ok=%v", tt.in, err, tt.ok)
		}
	}
}

func TestPlatformArch(t *testing.T) {
	tests := []struct{ in, want string }{{"linux/amd64", "amd64"}, {"linux/arm64", "arm64"}, {"linux/arm/v7", "arm"}, {"darwin/arm64", ""}, {"x", ""}}
	for _, tt := range tests {
		got, err := PlatformArch(tt.in)
		if got != tt.want || (err != nil) != (tt.want == "") {
			t.Errorf("PlatformArch(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestMainBinaryForEveryImage(t *testing.T) {
	for _, n := range ImageNames {
		if MainBinary[n] == "" {
			t.Errorf("image %s has no main binary for publish's architecture check", n)
		}
	}
}
