package pipeline

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Label is one OCI image label.
type Label struct {
	Key, Value string
}

// LabelInput is what OCILabels needs.
type LabelInput struct {
	// Source is the repository URL, e.g. https://github.com/OWNER/training-club.
	Source string
	// Revision is the git commit sha.
	Revision string
	// Version is the human version (see VersionLabel).
	Version string
	// Created is the build time; it is rendered in RFC 3339 UTC.
	Created time.Time
	// Title is the image title, e.g. training-club-backend.
	Title string
}

// OCILabels returns the org.opencontainers.image.* labels, sorted by key so
// the image config (and its digest) does not depend on map order. Empty
// values are left out rather than published as "".
func OCILabels(in LabelInput) []Label {
	m := map[string]string{
		"org.opencontainers.image.source":   strings.TrimSpace(in.Source),
		"org.opencontainers.image.revision": strings.ToLower(strings.TrimSpace(in.Revision)),
		"org.opencontainers.image.version":  strings.TrimSpace(in.Version),
		"org.opencontainers.image.title":    strings.TrimSpace(in.Title),
	}
	if !in.Created.IsZero() {
		m["org.opencontainers.image.created"] = in.Created.UTC().Format(time.RFC3339)
	}
	labels := make([]Label, 0, len(m))
	for k, v := range m {
		if v != "" {
			labels = append(labels, Label{Key: k, Value: v})
		}
	}
	sort.Slice(labels, func(i, j int) bool { return labels[i].Key < labels[j].Key })
	return labels
}

// ParseCreated parses the --created argument: an RFC 3339 time or a Unix
// timestamp (SOURCE_DATE_EPOCH). Empty means the Unix epoch, as
// SOURCE_DATE_EPOCH=0 does: never "now", so the same commit always yields
// the same image digests. Releases pass the commit time.
func ParseCreated(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Unix(0, 0).UTC(), nil
	}
	if epoch, err := strconv.ParseInt(s, 10, 64); err == nil {
		if epoch < 0 {
			return time.Time{}, fmt.Errorf("created %q: a Unix timestamp must not be negative", s)
		}
		return time.Unix(epoch, 0).UTC(), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("created %q is neither an RFC 3339 time nor a Unix timestamp: %w", s, err)
	}
	return t.UTC(), nil
}
