// Package pipeline holds the pure logic of the Training Club Dagger module:
// image tags, OCI labels, image references, argument validation and the
// files the deploy function renders. It imports no Dagger code so it can be
// unit tested with plain `go test`, without an engine.
package pipeline

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Semver is a parsed semantic version such as v1.2.3 or 1.2.3-rc.1.
type Semver struct {
	Major, Minor, Patch int
	// Prerelease is the part after "-" (without build metadata), empty for releases.
	Prerelease string
}

// semverRe follows semver.org: no leading zeros in numeric parts, optional
// pre-release and build metadata, and an optional "v" prefix as git tags use.
var semverRe = regexp.MustCompile(`^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)` +
	`(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?` +
	`(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$`)

// ParseSemver parses v1.2.3 / 1.2.3 / v1.2.3-rc.1+build.5. ok is false when
// s is not a semantic version.
func ParseSemver(s string) (v Semver, ok bool) {
	m := semverRe.FindStringSubmatch(s)
	if m == nil {
		return Semver{}, false
	}
	// The regexp guarantees the numbers parse; only overflow can fail.
	var err error
	if v.Major, err = strconv.Atoi(m[1]); err != nil {
		return Semver{}, false
	}
	if v.Minor, err = strconv.Atoi(m[2]); err != nil {
		return Semver{}, false
	}
	if v.Patch, err = strconv.Atoi(m[3]); err != nil {
		return Semver{}, false
	}
	v.Prerelease = m[4]
	return v, true
}

// String renders the version without the "v" prefix and without build
// metadata, which is the form used for image tags ("+" is not allowed in tags).
func (v Semver) String() string {
	s := fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
	if v.Prerelease != "" {
		s += "-" + v.Prerelease
	}
	return s
}

// SemverTags returns the image tags for a version: 1.2.3, 1.2 and 1 for a
// release, only the full version for a pre-release (an rc must never move the
// "1.2" tag). A 0.x release does not get the bare "0" tag, which would claim
// compatibility across all of 0.x.
func SemverTags(v Semver) []string {
	if v.Prerelease != "" {
		return []string{v.String()}
	}
	tags := []string{v.String(), fmt.Sprintf("%d.%d", v.Major, v.Minor)}
	if v.Major > 0 {
		tags = append(tags, strconv.Itoa(v.Major))
	}
	return tags
}

var (
	revisionRe = regexp.MustCompile(`^[0-9a-f]{7,64}$`)
	// tagRe is the OCI distribution spec's tag grammar.
	tagRe = regexp.MustCompile(`^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$`)
)

// ShortRevisionLength is the length of the short git sha tag.
const ShortRevisionLength = 12

// TagInput is what Tags needs to compute the tags of one publish.
type TagInput struct {
	// Revision is the full git commit sha (required).
	Revision string
	// Version is a git tag such as v1.2.3, or empty when not building a tag.
	// A non-semver value is used as a tag as it is (after validation).
	Version string
	// Latest adds the "latest" tag.
	Latest bool
}

// Tags computes the image tags for a publish: the short and full git sha,
// the semver tags when Version is a semver tag (otherwise Version itself when
// set), and "latest" on request. The result has no duplicates and a stable
// order (the first tag is the most specific one: the full sha).
func Tags(in TagInput) ([]string, error) {
	rev := strings.ToLower(strings.TrimSpace(in.Revision))
	if rev == "" {
		return nil, fmt.Errorf("revision is required (pass --revision \"$(git rev-parse HEAD)\")")
	}
	if !revisionRe.MatchString(rev) {
		return nil, fmt.Errorf("revision %q is not a git commit sha (7 to 64 hex digits)", in.Revision)
	}
	tags := []string{rev}
	if len(rev) > ShortRevisionLength {
		tags = append(tags, rev[:ShortRevisionLength])
	}
	version := strings.TrimSpace(in.Version)
	if version != "" {
		if v, ok := ParseSemver(version); ok {
			tags = append(tags, SemverTags(v)...)
		} else if tagRe.MatchString(version) {
			tags = append(tags, version)
		} else {
			return nil, fmt.Errorf("version %q is neither a semver tag (v1.2.3) nor a valid image tag", version)
		}
	}
	if in.Latest {
		tags = append(tags, "latest")
	}
	return dedupe(tags), nil
}

func dedupe(in []string) []string {
	seen := make(map[string]bool, len(in))
	out := make([]string, 0, len(in))
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// VersionLabel returns the value of the version label and VERSION build arg:
// the semver without "v" for a semver tag, the version as given otherwise,
// and the short revision when no version is given.
func VersionLabel(version, revision string) string {
	version = strings.TrimSpace(version)
	if v, ok := ParseSemver(version); ok {
		return v.String()
	}
	if version != "" {
		return version
	}
	rev := strings.ToLower(strings.TrimSpace(revision))
	if len(rev) > ShortRevisionLength {
		rev = rev[:ShortRevisionLength]
	}
	if rev == "" {
		return "dev"
	}
	return rev
}
