package pipeline

import (
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
)

// GoTool is a command the pipeline builds with go install, at the version
// pinned in scripts/tools.env under VersionVar.
type GoTool struct {
	Name       string
	Package    string
	VersionVar string
}

// The tools publish runs after pushing an image: syft writes its SBOM, oras
// attaches the SBOM to the image's digest, cosign signs the digest.
var (
	Syft   = GoTool{Name: "syft", Package: "github.com/anchore/syft/cmd/syft", VersionVar: "SYFT_VERSION"}
	Oras   = GoTool{Name: "oras", Package: "oras.land/oras/cmd/oras", VersionVar: "ORAS_VERSION"}
	Cosign = GoTool{Name: "cosign", Package: "github.com/sigstore/cosign/v2/cmd/cosign", VersionVar: "COSIGN_VERSION"}
)

// pinRe matches a tools.env line: NAME=${NAME:-version}.
var pinRe = regexp.MustCompile(`^([A-Z][A-Z0-9_]*)=\$\{([A-Z][A-Z0-9_]*):-([^}\s]+)\}$`)

// ToolPins reads the versions of scripts/tools.env (NAME=${NAME:-version}
// lines; comments and blank lines are skipped). The module reads the file
// rather than sourcing it in the container so that each install is keyed on
// its own version only: a new gotestsum pin does not rebuild syft.
func ToolPins(toolsEnv string) (map[string]string, error) {
	pins := map[string]string{}
	for i, line := range strings.Split(toolsEnv, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m := pinRe.FindStringSubmatch(line)
		if m == nil || m[1] != m[2] {
			return nil, fmt.Errorf("tools.env line %d: want NAME=${NAME:-version}, got %q", i+1, line)
		}
		pins[m[1]] = m[3]
	}
	return pins, nil
}

// InstallArgs is the go install command that builds t at its pinned version.
func (t GoTool) InstallArgs(pins map[string]string) ([]string, error) {
	v, ok := pins[t.VersionVar]
	if !ok {
		return nil, fmt.Errorf("scripts/tools.env pins no %s (%s)", t.VersionVar, t.Name)
	}
	return []string{"go", "install", t.Package + "@" + v}, nil
}

// SyftScanArgs scans an OCI archive (Container.asTarball) into an SPDX JSON
// SBOM named after the image's repository and version (not the archive's
// path).
func SyftScanArgs(archive, out, name, version string) []string {
	return []string{"syft", "scan", "oci-archive:" + archive, "-o", "spdx-json=" + out,
		"--source-name", name, "--source-version", version}
}

// SBOMFileName names the SBOM of one platform variant of an image, e.g.
// training-club-backend.linux-amd64.spdx.json; oras records it as the
// artifact's title.
func SBOMFileName(image, platform string) string {
	return "training-club-" + image + "." + strings.ReplaceAll(platform, "/", "-") + ".spdx.json"
}

// SPDXArtifactType is the artifact type of the attached SBOMs.
const SPDXArtifactType = "application/spdx+json"

// PlatformAnnotation says which variant of a multi-platform image an SBOM
// describes (each is attached to the index digest that publish prints).
const PlatformAnnotation = "org.trainingclub.sbom.platform"

// LoopbackRegistryAlias is the host name under which the tools reach a
// registry on the loopback of the machine running dagger.
const LoopbackRegistryAlias = "loopback-registry"

// ToolRegistry is how the containers running reproimage, oras and cosign
// reach the registry publish pushes to. The tools run in containers with
// their own network: a registry on the caller's loopback (localhost:5000,
// 127.0.0.1:5123) is reached through a tunnel to the caller's port, under
// LoopbackRegistryAlias, over plain HTTP as Docker allows for loopback
// registries.
type ToolRegistry struct {
	// Host is the registry host as the tools name it (host[:port]).
	Host string
	// TunnelPort, when not 0, is the caller's loopback port to tunnel.
	TunnelPort int
	// PlainHTTP: talk HTTP instead of HTTPS.
	PlainHTTP bool
}

// ToolRegistryFor returns how the tools reach host (a RegistryHost result).
func ToolRegistryFor(host string) (ToolRegistry, error) {
	name, portText, err := net.SplitHostPort(host)
	if err != nil {
		name, portText = host, ""
	}
	ip := net.ParseIP(strings.Trim(name, "[]"))
	if name != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return ToolRegistry{Host: host}, nil
	}
	port := 80
	if portText != "" {
		port, err = strconv.Atoi(portText)
		if err != nil || port < 1 || port > 65535 {
			return ToolRegistry{}, fmt.Errorf("registry %q: bad port %q", host, portText)
		}
	}
	return ToolRegistry{Host: fmt.Sprintf("%s:%d", LoopbackRegistryAlias, port), TunnelPort: port, PlainHTTP: true}, nil
}

// Ref is the repository@digest reference of an image as the tools name it.
func (r ToolRegistry) Ref(ref ImageRef) string {
	return r.Repository(ref.Repository) + "@" + ref.Digest
}

// Signing is how publish and sign sign an image digest with cosign.
type Signing int

const (
	// NoSigning: no cosign key and no OIDC token given.
	NoSigning Signing = iota
	// KeySigning: cosign sign --key env://COSIGN_KEY, the password in
	// COSIGN_PASSWORD; nothing is written to a transparency log.
	KeySigning
	// KeylessSigning: cosign's Sigstore keyless flow (Fulcio certificate,
	// Rekor entry) with the GitHub Actions OIDC token, which cosign requests
	// itself from ACTIONS_ID_TOKEN_REQUEST_URL with
	// ACTIONS_ID_TOKEN_REQUEST_TOKEN.
	KeylessSigning
)

// SigningFor validates the signing arguments and says which signing they ask for.
func SigningFor(hasKey, hasKeyPassword, hasOIDCURL, hasOIDCToken bool) (Signing, error) {
	switch {
	case hasKeyPassword && !hasKey:
		return NoSigning, fmt.Errorf("a cosign key password needs --cosign-key")
	case hasOIDCURL != hasOIDCToken:
		return NoSigning, fmt.Errorf("keyless signing needs both the OIDC request URL and token")
	case hasKey && hasOIDCToken:
		return NoSigning, fmt.Errorf("sign with a cosign key or keyless with an OIDC token, not both")
	case hasKey:
		return KeySigning, nil
	case hasOIDCToken:
		return KeylessSigning, nil
	}
	return NoSigning, nil
}

// AttestInput is what AttestScript does for one pushed image.
type AttestInput struct {
	Registry ToolRegistry
	// Ref is the image's repository@digest as the tools name it (Registry.Ref).
	Ref string
	// Login: log in with REGISTRY_USERNAME and REGISTRY_PASSWORD (secret variables).
	Login bool
	// SBOMs to attach, each a file in the working directory.
	SBOMs   []SBOM
	Signing Signing
}

// SBOM is one platform variant's SBOM file.
type SBOM struct {
	File     string
	Platform string
}

// AuthConfig is the registry credentials file oras writes and cosign reads
// (DOCKER_CONFIG=/auth); /auth is a tmpfs, so the password never lands in a
// layer.
const AuthConfig = "/auth/config.json"

// AttestScript renders the shell script that attaches the SBOMs to the
// image's digest as OCI referrers and signs the digest. Secrets are only read
// from the environment by the script's commands (never in their arguments).
func AttestScript(in AttestInput) string {
	var b strings.Builder
	// The tools report on stderr; the caller returns stdout.
	b.WriteString("set -eu\nexec 2>&1\n")
	httpFlag := func(flag string) string {
		if in.Registry.PlainHTTP {
			return " " + flag
		}
		return ""
	}
	if in.Login {
		fmt.Fprintf(&b, "printf '%%s\\n' \"$REGISTRY_PASSWORD\" | oras login --registry-config %s%s -u \"$REGISTRY_USERNAME\" --password-stdin %s\n",
			AuthConfig, httpFlag("--plain-http"), ShellQuote(in.Registry.Host))
	}
	for _, s := range in.SBOMs {
		fmt.Fprintf(&b, "oras attach --registry-config %s%s --artifact-type %s --annotation %s %s %s\n",
			AuthConfig, httpFlag("--plain-http"), SPDXArtifactType,
			ShellQuote(PlatformAnnotation+"="+s.Platform), ShellQuote(in.Ref), ShellQuote(s.File+":"+SPDXArtifactType))
	}
	switch in.Signing {
	case KeySigning:
		fmt.Fprintf(&b, "cosign sign --key env://COSIGN_KEY -y --tlog-upload=false%s %s\n", httpFlag("--allow-http-registry"), ShellQuote(in.Ref))
	case KeylessSigning:
		fmt.Fprintf(&b, "cosign sign -y%s %s\n", httpFlag("--allow-http-registry"), ShellQuote(in.Ref))
	}
	return b.String()
}
