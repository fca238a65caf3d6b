package pipeline

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
)

// The images the project publishes, in a stable order.
var ImageNames = []string{"backend", "frontend", "proxy"}

// MainBinary is the binary of each image whose architecture publish checks.
var MainBinary = map[string]string{
	"backend":  "/app/api",
	"frontend": "/usr/sbin/nginx",
	"proxy":    "/usr/sbin/nginx",
}

// PlaceholderImage is the image name the Kubernetes base manifests and the
// compose defaults use before deploy pins a published digest
// (training-club/backend, ...).
func PlaceholderImage(name string) string { return "training-club/" + name }

// ComposeImageVar is the environment variable compose.yaml reads the image of
// a service from (BACKEND_IMAGE, ...).
func ComposeImageVar(name string) string { return strings.ToUpper(name) + "_IMAGE" }

var (
	// registryRe: host[:port] followed by optional path components, all lower case.
	registryRe  = regexp.MustCompile(`^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*$`)
	digestRe    = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)
	repoPartRe  = regexp.MustCompile(`^[a-z0-9]+([._-]+[a-z0-9]+)*$`)
	hostPartRe  = regexp.MustCompile(`^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?(:[0-9]+)?$`)
	imageNameRe = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
)

// ValidateRegistry checks a --registry argument such as ghcr.io/acme or
// localhost:5000. No scheme, no tag, lower case.
func ValidateRegistry(registry string) error {
	if registry == "" {
		return fmt.Errorf("registry is required (e.g. ghcr.io/OWNER)")
	}
	if strings.Contains(registry, "://") {
		return fmt.Errorf("registry %q must not contain a scheme", registry)
	}
	if !registryRe.MatchString(registry) {
		return fmt.Errorf("registry %q is not a valid registry/namespace (lower case host[:port][/path])", registry)
	}
	return nil
}

// RegistryHost is the host the credentials are for: ghcr.io/acme → ghcr.io.
// A bare Docker Hub namespace ("acme") authenticates against docker.io.
func RegistryHost(registry string) string {
	first, _, _ := strings.Cut(registry, "/")
	if !strings.ContainsAny(first, ".:") && first != "localhost" {
		return "docker.io"
	}
	return first
}

// ImageRepository is where an image is published: <registry>/training-club-<name>.
func ImageRepository(registry, name string) string {
	return strings.TrimSuffix(registry, "/") + "/training-club-" + name
}

// ImageRef is a parsed image reference repository[:tag][@digest].
type ImageRef struct {
	Repository string
	Tag        string
	Digest     string
}

// String renders the reference in the canonical repository:tag@digest form.
func (r ImageRef) String() string {
	s := r.Repository
	if r.Tag != "" {
		s += ":" + r.Tag
	}
	if r.Digest != "" {
		s += "@" + r.Digest
	}
	return s
}

// Pinned is the reference by digest only (repository@sha256:...), the form
// deploys use: a tag can move, a digest cannot.
func (r ImageRef) Pinned() string { return r.Repository + "@" + r.Digest }

// ParseImageRef parses repository[:tag][@sha256:digest].
func ParseImageRef(s string) (ImageRef, error) {
	var r ImageRef
	rest := strings.TrimSpace(s)
	if rest == "" {
		return r, fmt.Errorf("empty image reference")
	}
	if i := strings.Index(rest, "@"); i >= 0 {
		r.Digest = rest[i+1:]
		rest = rest[:i]
		if !digestRe.MatchString(r.Digest) {
			return ImageRef{}, fmt.Errorf("image reference %q: digest %q is not sha256:<64 hex>", s, r.Digest)
		}
	}
	// A ":" after the last "/" starts the tag; one before it is a registry port.
	if i := strings.LastIndex(rest, ":"); i > strings.LastIndex(rest, "/") {
		r.Tag = rest[i+1:]
		rest = rest[:i]
		if !tagRe.MatchString(r.Tag) {
			return ImageRef{}, fmt.Errorf("image reference %q: invalid tag %q", s, r.Tag)
		}
	}
	r.Repository = rest
	parts := strings.Split(rest, "/")
	for i, p := range parts {
		if i == 0 && len(parts) > 1 && hostPartRe.MatchString(p) && (strings.ContainsAny(p, ".:") || p == "localhost") {
			continue
		}
		if !repoPartRe.MatchString(p) {
			return ImageRef{}, fmt.Errorf("image reference %q: invalid repository component %q", s, p)
		}
	}
	return r, nil
}

// Published is one pushed image: its short name (backend, ...) and reference.
type Published struct {
	Name string
	Ref  ImageRef
}

// FormatPublished renders the publish output: one "name=repository:tag@digest"
// line per image, sorted by name. Deploy reads the same format back.
func FormatPublished(images []Published) string {
	sorted := append([]Published(nil), images...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	var b strings.Builder
	for _, p := range sorted {
		fmt.Fprintf(&b, "%s=%s\n", p.Name, p.Ref)
	}
	return b.String()
}

// ParsePublished reads publish output back. Blank lines and "#" comments are
// ignored; every image must carry a digest, names must be known, each name
// may appear once, and all of backend, frontend and proxy are required.
func ParsePublished(s string) (map[string]ImageRef, error) {
	out := map[string]ImageRef{}
	known := map[string]bool{}
	for _, n := range ImageNames {
		known[n] = true
	}
	for i, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, ref, ok := strings.Cut(line, "=")
		name = strings.TrimSpace(name)
		if !ok || !imageNameRe.MatchString(name) {
			return nil, fmt.Errorf("images line %d: want name=ref@sha256:digest, got %q", i+1, line)
		}
		if !known[name] {
			return nil, fmt.Errorf("images line %d: unknown image %q (want one of %s)", i+1, name, strings.Join(ImageNames, ", "))
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("images line %d: %s given twice", i+1, name)
		}
		r, err := ParseImageRef(ref)
		if err != nil {
			return nil, fmt.Errorf("images line %d: %w", i+1, err)
		}
		if r.Digest == "" {
			return nil, fmt.Errorf("images line %d: %s has no digest; deploy pins images by digest", i+1, name)
		}
		out[name] = r
	}
	var missing []string
	for _, n := range ImageNames {
		if _, ok := out[n]; !ok {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("images: missing %s", strings.Join(missing, ", "))
	}
	return out, nil
}

// MySQLDSN renders a go-sql-driver DSN: user:password@tcp(host:port)/db.
// The driver takes the password verbatim up to the last "@", so no escaping
// is applied; generated passwords are hex.
func MySQLDSN(user, password, host string, port int, db string) string {
	return fmt.Sprintf("%s:%s@tcp(%s:%d)/%s", user, password, host, port, db)
}

// RedisURL renders redis://:password@host:port/db with the password escaped.
func RedisURL(password, host string, port, db int) string {
	u := url.URL{Scheme: "redis", Host: fmt.Sprintf("%s:%d", host, port), Path: fmt.Sprintf("/%d", db)}
	if password != "" {
		u.User = url.UserPassword("", password)
	}
	return u.String()
}

// ValidateCredentials checks that registry credentials come as a pair.
// Neither is fine (a registry that needs no login, or one the engine is
// already logged in to).
func ValidateCredentials(username string, hasPassword bool) error {
	switch {
	case username != "" && !hasPassword:
		return fmt.Errorf("--username given without --password")
	case username == "" && hasPassword:
		return fmt.Errorf("--password given without --username")
	}
	return nil
}

// DefaultPlatforms are the platforms publish builds.
var DefaultPlatforms = []string{"linux/amd64", "linux/arm64"}

var platformRe = regexp.MustCompile(`^linux/(amd64|arm64|arm/v7|ppc64le|s390x|386|riscv64)$`)

// ValidatePlatforms checks the --platforms list: known linux platforms, no
// duplicates, at least one.
func ValidatePlatforms(platforms []string) error {
	if len(platforms) == 0 {
		return fmt.Errorf("at least one platform is required")
	}
	seen := map[string]bool{}
	for _, p := range platforms {
		if !platformRe.MatchString(p) {
			return fmt.Errorf("platform %q is not supported (e.g. linux/amd64, linux/arm64)", p)
		}
		if seen[p] {
			return fmt.Errorf("platform %q given twice", p)
		}
		seen[p] = true
	}
	return nil
}

// PlatformArch is the architecture part of a platform ("linux/arm64" →
// "arm64"), as used in download URLs such as kubectl's.
func PlatformArch(platform string) (string, error) {
	goos, arch, ok := strings.Cut(platform, "/")
	if !ok || goos != "linux" || arch == "" {
		return "", fmt.Errorf("platform %q is not linux/<arch>", platform)
	}
	arch, _, _ = strings.Cut(arch, "/")
	return arch, nil
}
