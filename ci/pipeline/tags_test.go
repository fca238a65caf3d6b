package pipeline

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

const sha = "0123456789abcdef0123456789abcdef01234567"

func TestParseSemver(t *testing.T) {
	tests := []struct {
		in   string
		want Semver
		ok   bool
	}{
		{"v1.2.3", Semver{1, 2, 3, ""}, true},
		{"1.2.3", Semver{1, 2, 3, ""}, true},
		{"v0.10.0", Semver{0, 10, 0, ""}, true},
		{"v1.2.3-rc.1", Semver{1, 2, 3, "rc.1"}, true},
		{"v1.2.3+build.7", Semver{1, 2, 3, ""}, true},
		{"v1.2.3-beta+exp.sha.5114f85", Semver{1, 2, 3, "beta"}, true},
		{"v1.2", Semver{}, false},
		{"v01.2.3", Semver{}, false},
		{"1.2.3-", Semver{}, false},
		{"main", Semver{}, false},
		{"", Semver{}, false},
		{"v1.2.3 ", Semver{}, false},
		{"v99999999999999999999.0.0", Semver{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := ParseSemver(tt.in)
			if ok != tt.ok || got != tt.want {
				t.Errorf("ParseSemver(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestTags(t *testing.T) {
	tests := []struct {
		name    string
		in      TagInput
		want    []string
		wantErr string
	}{
		{"sha only", TagInput{Revision: sha}, []string{sha, sha[:12]}, ""},
		{"upper case sha is normalised", TagInput{Revision: strings.ToUpper(sha)}, []string{sha, sha[:12]}, ""},
		{"release", TagInput{Revision: sha, Version: "v1.2.3"}, []string{sha, sha[:12], "1.2.3", "1.2", "1"}, ""},
		{"release with latest", TagInput{Revision: sha, Version: "v1.2.3", Latest: true}, []string{sha, sha[:12], "1.2.3", "1.2", "1", "latest"}, ""},
		{"zero major has no bare 0", TagInput{Revision: sha, Version: "v0.4.1"}, []string{sha, sha[:12], "0.4.1", "0.4"}, ""},
		{"prerelease gets only its own tag", TagInput{Revision: sha, Version: "v2.0.0-rc.1"}, []string{sha, sha[:12], "2.0.0-rc.1"}, ""},
		{"build metadata dropped", TagInput{Revision: sha, Version: "v1.0.0+b5"}, []string{sha, sha[:12], "1.0.0", "1.0", "1"}, ""},
		{"non-semver version used as is", TagInput{Revision: sha, Version: "nightly"}, []string{sha, sha[:12], "nightly"}, ""},
		{"short sha is not duplicated", TagInput{Revision: "abcdef1"}, []string{"abcdef1"}, ""},
		{"missing revision", TagInput{Version: "v1.2.3"}, nil, "revision is required"},
		{"revision not hex", TagInput{Revision: "main"}, nil, "not a git commit sha"},
		{"invalid version", TagInput{Revision: sha, Version: "feature/x"}, nil, "neither a semver tag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Tags(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Tags(%+v) error = %v; want containing %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Tags(%+v): %v", tt.in, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Tags(%+v) = %v; want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestVersionLabel(t *testing.T) {
	tests := []struct{ version, revision, want string }{
		{"v1.2.3", sha, "1.2.3"},
		{"v1.2.3-rc.1", sha, "1.2.3-rc.1"},
		{"nightly", sha, "nightly"},
		{"", sha, sha[:12]},
		{"", "", "dev"},
	}
	for _, tt := range tests {
		if got := VersionLabel(tt.version, tt.revision); got != tt.want {
			t.Errorf("VersionLabel(%q, %q) = %q; want %q", tt.version, tt.revision, got, tt.want)
		}
	}
}

func TestOCILabels(t *testing.T) {
	created := time.Date(2026, 3, 4, 5, 6, 7, 0, time.FixedZone("CET", 3600))
	got := OCILabels(LabelInput{
		Source:   "https://github.com/acme/training-club",
		Revision: strings.ToUpper(sha),
		Version:  "1.2.3",
		Created:  created,
		Title:    "training-club-backend",
	})
	want := []Label{
		{"org.opencontainers.image.created", "2026-03-04T04:06:07Z"},
		{"org.opencontainers.image.revision", sha},
		{"org.opencontainers.image.source", "https://github.com/acme/training-club"},
		{"org.opencontainers.image.title", "training-club-backend"},
		{"org.opencontainers.image.version", "1.2.3"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("OCILabels = %v\nwant %v", got, want)
	}

	// Empty values are omitted instead of published as "".
	got = OCILabels(LabelInput{Revision: sha, Title: "t"})
	want = []Label{
		{"org.opencontainers.image.revision", sha},
		{"org.opencontainers.image.title", "t"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("OCILabels(minimal) = %v; want %v", got, want)
	}
}

func TestParseCreated(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Time
		wantErr bool
	}{
		// Never "now": the same commit must give the same digests.
		{"", time.Unix(0, 0).UTC(), false},
		{"2025-12-24T18:00:00+01:00", time.Date(2025, 12, 24, 17, 0, 0, 0, time.UTC), false},
		{"1767225600", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{"-5", time.Time{}, true},
		{"yesterday", time.Time{}, true},
	}
	for _, tt := range tests {
		got, err := ParseCreated(tt.in)
		if (err != nil) != tt.wantErr || !got.Equal(tt.want) {
			t.Errorf("ParseCreated(%q) = %v, %v; want %v, err=%v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
	a, _ := ParseCreated("")
	b, _ := ParseCreated("")
	if !a.Equal(b) {
		t.Error("ParseCreated(\"\") must not depend on the clock")
	}
}
