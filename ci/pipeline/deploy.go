package pipeline

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
)

// Target is where deploy ships the published images.
type Target string

// The deploy targets.
const (
	TargetSSH        Target = "ssh"
	TargetKubernetes Target = "kubernetes"
)

// DeployArgs mirrors the deploy function's arguments. Secrets are reduced to
// "was it given" booleans: this package never sees secret values.
type DeployArgs struct {
	SSHHost       string
	SSHUser       string
	SSHPort       int
	HasSSHKey     bool
	HasEnvFile    bool
	DeployDir     string
	HasKubeconfig bool
	Overlay       string
	// DryRun without an SSH key plans offline: nothing connects to the host.
	DryRun bool
}

var (
	hostRe    = regexp.MustCompile(`^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$`)
	ipv6Re    = regexp.MustCompile(`^[0-9a-fA-F:]+$`)
	userRe    = regexp.MustCompile(`^[a-z_][a-z0-9_-]*$`)
	overlayRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	dirRe     = regexp.MustCompile(`^/[a-zA-Z0-9._/-]*$`)
)

// ValidateDeploy checks that exactly one target is fully specified and
// returns it. SSH needs host, user and key; Kubernetes needs kubeconfig and
// overlay; mixing arguments of both is an error rather than a guess.
func ValidateDeploy(a DeployArgs) (Target, error) {
	sshGiven := a.SSHHost != "" || a.SSHUser != "" || a.HasSSHKey || a.HasEnvFile
	kubeGiven := a.HasKubeconfig || a.Overlay != ""
	switch {
	case sshGiven && kubeGiven:
		return "", errors.New("give either --ssh-host/--ssh-user/--ssh-key (Docker host) or --kubeconfig/--overlay (Kubernetes), not both")
	case !sshGiven && !kubeGiven:
		return "", errors.New("no deploy target: give --ssh-host, --ssh-user and --ssh-key, or --kubeconfig and --overlay")
	case sshGiven:
		var errs []error
		if a.SSHHost == "" {
			errs = append(errs, errors.New("--ssh-host is required"))
		} else if !hostRe.MatchString(a.SSHHost) && !ipv6Re.MatchString(a.SSHHost) {
			errs = append(errs, fmt.Errorf("--ssh-host %q is not a host name or IP address", a.SSHHost))
		}
		if a.SSHUser == "" {
			errs = append(errs, errors.New("--ssh-user is required"))
		} else if !userRe.MatchString(a.SSHUser) {
			errs = append(errs, fmt.Errorf("--ssh-user %q is not a valid user name", a.SSHUser))
		}
		if !a.HasSSHKey && !a.DryRun {
			errs = append(errs, errors.New("--ssh-key is required (or --dry-run, to plan without connecting)"))
		}
		if a.SSHPort < 1 || a.SSHPort > 65535 {
			errs = append(errs, fmt.Errorf("--ssh-port %d is out of range", a.SSHPort))
		}
		if !dirRe.MatchString(a.DeployDir) || strings.Contains(a.DeployDir, "..") || path.Clean(a.DeployDir) == "/" {
			errs = append(errs, fmt.Errorf("--deploy-dir %q must be an absolute path below / without \"..\"", a.DeployDir))
		}
		return TargetSSH, errors.Join(errs...)
	default:
		var errs []error
		if !a.HasKubeconfig {
			errs = append(errs, errors.New("--kubeconfig is required"))
		}
		if a.Overlay == "" {
			errs = append(errs, errors.New("--overlay is required (e.g. staging or production)"))
		} else if !overlayRe.MatchString(a.Overlay) {
			errs = append(errs, fmt.Errorf("--overlay %q is not an overlay name (lower case letters, digits, -)", a.Overlay))
		}
		return TargetKubernetes, errors.Join(errs...)
	}
}

// ShellQuote quotes s for a POSIX shell.
func ShellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'"'"'`) + "'"
}

// ComposeEnv renders the image variables compose.yaml reads
// (BACKEND_IMAGE=repo@sha256:...), one per line, pinned by digest.
func ComposeEnv(images map[string]ImageRef) string {
	var b strings.Builder
	for _, n := range ImageNames {
		if r, ok := images[n]; ok {
			fmt.Fprintf(&b, "%s=%s\n", ComposeImageVar(n), r.Pinned())
		}
	}
	return b.String()
}

// ComposeProject is the compose project name on the Docker host; fixed so a
// dry run in a staging directory compares against the running project.
const ComposeProject = "training-club"

// ComposeFiles are the files deploy copies to the Docker host, relative to
// the repository root (compose files plus what they bind-mount).
var ComposeFiles = []string{"compose.yaml", "compose.prod.yaml"}

// ComposeScriptInput is what ComposeDeployScript needs.
type ComposeScriptInput struct {
	// Dir is the deploy directory on the Docker host (validated).
	Dir string
	// DryRun only shows what would change.
	DryRun bool
	// Images are the digests to run.
	Images map[string]ImageRef
}

// WorkDir is where the files are unpacked on the host: the deploy directory,
// or a staging directory below it for a dry run.
func (in ComposeScriptInput) WorkDir() string {
	if in.DryRun {
		return strings.TrimSuffix(in.Dir, "/") + "/.dagger-dry-run"
	}
	return in.Dir
}

// ComposePlan is what an offline dry run prints: the target, the images each
// service would run, the files copied and the script that would run on the
// host; nothing connects to it.
func ComposePlan(in ComposeScriptInput, user, host string, port int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "deploy plan (offline dry run: no --ssh-key, nothing connected to %s@%s:%d)\n", user, host, port)
	fmt.Fprintf(&b, "== deploy directory: %s\n== images (service image):\n", in.Dir)
	for _, n := range ImageNames {
		if r, ok := in.Images[n]; ok {
			fmt.Fprintf(&b, "%s %s\n", n, r.Pinned())
		}
	}
	fmt.Fprintf(&b, "== files copied: %s deploy/ (without k8s/) %s\n", strings.Join(ComposeFiles, " "), ComposeScriptName)
	deploy := in
	deploy.DryRun = false
	b.WriteString("== script run on the host:\n" + ComposeDeployScript(deploy))
	b.WriteString("dry run: nothing was changed\n")
	return b.String()
}

// ComposeDeployScript renders the POSIX sh script that runs on the Docker
// host after the files were unpacked into WorkDir. It never prints the
// interpolated compose config, which would contain the .env secrets: the dry
// run prints the images each service would run next to the running ones.
func ComposeDeployScript(in ComposeScriptInput) string {
	dir := ShellQuote(in.Dir)
	work := ShellQuote(in.WorkDir())
	var b strings.Builder
	b.WriteString("#!/bin/sh\n# Rendered by the training-club Dagger module (deploy).\nset -eu\n")
	fmt.Fprintf(&b, "work=%s\ncd \"$work\"\n", work)
	for _, n := range ImageNames {
		if r, ok := in.Images[n]; ok {
			fmt.Fprintf(&b, "export %s=%s\n", ComposeImageVar(n), ShellQuote(r.Pinned()))
		}
	}
	files := ""
	for _, f := range ComposeFiles {
		files += " -f " + f
	}
	b.WriteString("docker compose version >/dev/null 2>&1 || { echo 'deploy: the host needs Docker Compose v2 (docker compose)' >&2; exit 1; }\n")
	fmt.Fprintf(&b, "compose() { docker compose -p %s%s \"$@\"; }\n", ComposeProject, files)
	if in.DryRun {
		b.WriteString("trap 'rm -rf \"$work\"' EXIT\n")
		fmt.Fprintf(&b, "if [ ! -f .env ] && [ -f %s/.env ]; then cp %s/.env .env; fi\n", dir, dir)
		b.WriteString("compose config --quiet\n")
		b.WriteString("echo '== images after deploy (service image):'\n")
		b.WriteString("for s in $(compose config --services); do printf '%s %s\\n' \"$s\" \"$(compose config --images \"$s\" 2>/dev/null | head -n1)\"; done\n")
		b.WriteString("echo '== running now (service image):'\n")
		b.WriteString("docker compose -p " + ComposeProject + " ps --format '{{.Service}} {{.Image}}' || true\n")
		b.WriteString("echo 'dry run: nothing was changed'\n")
		return b.String()
	}
	b.WriteString("compose config --quiet\n")
	b.WriteString("compose pull --quiet\n")
	b.WriteString("compose up -d --no-build --remove-orphans --wait --wait-timeout 300\n")
	b.WriteString("compose ps --format '{{.Service}} {{.Image}} {{.Status}}'\n")
	return b.String()
}

// KustomizeDir is where deploy writes its kustomization, relative to
// deploy/k8s, so that "../overlays/<overlay>" resolves.
const KustomizeDir = ".dagger-deploy"

// KubernetesImageNames are the published images the Kubernetes manifests run.
// The proxy is not one of them: on Kubernetes the Ingress controller
// (ingress-nginx + cert-manager, deploy/k8s/base/ingress.yaml) routes and
// terminates TLS, so training-club/proxy appears nowhere in deploy/k8s.
var KubernetesImageNames = []string{"backend", "frontend"}

// KubernetesImages splits the published images into the ones a Kubernetes
// deploy pins (KubernetesImageNames) and the names of the ones it skips, in
// ImageNames order.
func KubernetesImages(images map[string]ImageRef) (deployed map[string]ImageRef, skipped []string) {
	deployed = map[string]ImageRef{}
	for _, n := range ImageNames {
		r, ok := images[n]
		if !ok {
			continue
		}
		if isKubernetesImage(n) {
			deployed[n] = r
		} else {
			skipped = append(skipped, n)
		}
	}
	return deployed, skipped
}

func isKubernetesImage(name string) bool {
	for _, k := range KubernetesImageNames {
		if k == name {
			return true
		}
	}
	return false
}

// Kustomization renders the kustomization deploy releases: the chosen overlay
// with the backend and frontend images pinned to their published digests
// (the proxy is skipped, see KubernetesImageNames). Each image is matched by
// its placeholder name (training-club/backend), by its published repository,
// and by the name the overlay renames the placeholder to (overlayNames, from
// OverlayImageNames), so the pin holds whichever registry the images were
// published to; the deploy script then checks that every pinned digest really
// appears in the rendered manifests.
func Kustomization(overlay string, images map[string]ImageRef, overlayNames map[string]string) string {
	type entry struct{ name, newName, digest string }
	kube, _ := KubernetesImages(images)
	var entries []entry
	for _, n := range KubernetesImageNames {
		r, ok := kube[n]
		if !ok {
			continue
		}
		seen := map[string]bool{}
		for _, name := range []string{PlaceholderImage(n), r.Repository, overlayNames[PlaceholderImage(n)]} {
			if name != "" && !seen[name] {
				seen[name] = true
				entries = append(entries, entry{name, r.Repository, r.Digest})
			}
		}
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
	var b strings.Builder
	b.WriteString("# Rendered by the training-club Dagger module (deploy); not committed.\n")
	b.WriteString("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n")
	fmt.Fprintf(&b, "resources:\n  - ../overlays/%s\n", overlay)
	b.WriteString("images:\n")
	for _, e := range entries {
		fmt.Fprintf(&b, "  - name: %s\n    newName: %s\n    digest: %s\n", e.name, e.newName, e.digest)
	}
	return b.String()
}

// ReleaseScriptPath is the repository's ordered Kubernetes release script,
// relative to the repository root.
const ReleaseScriptPath = "scripts/k8s/deploy.sh"

// MigrationSelector leaves the migration Job out of `kubectl diff`: its pod
// template is immutable, so diffing a new image against the previous
// release's Job fails; the release script deletes and recreates it instead.
const MigrationSelector = "app.kubernetes.io/component!=migration"

// KubectlInput is what KubectlScript needs.
type KubectlInput struct {
	// Dir holds the rendered kustomization (Kustomization's output).
	Dir string
	// ReleaseScript is the path of scripts/k8s/deploy.sh in the container.
	ReleaseScript string
	// DryRun only shows what would change.
	DryRun bool
	// Images are the published images; only KubernetesImageNames are used.
	Images map[string]ImageRef
}

// KubectlScript renders the script the kubectl container runs. It says which
// published images are skipped (the proxy), fails when a pinned digest does
// not appear in the rendered manifests (an image name the kustomization did
// not match), and then hands the kustomization to the release script
// (ReleaseScriptPath), which applies the namespace, checks the secret, runs
// the migration Job and waits for it before applying everything and waiting
// for the rollouts. With DryRun the release script runs with --dry-run
// (server-side, nothing changes) and `kubectl diff` shows what would change.
// The release script logs to stderr; it is merged into stdout, which is what
// the deploy function returns.
func KubectlScript(in KubectlInput) string {
	d := ShellQuote(in.Dir)
	kube, skipped := KubernetesImages(in.Images)
	var b strings.Builder
	b.WriteString("#!/bin/sh\n# Rendered by the training-club Dagger module (deploy).\nset -eu\n")
	for _, n := range skipped {
		fmt.Fprintf(&b, "echo %s\n", ShellQuote(fmt.Sprintf(
			"deploy: %s image not deployed: on Kubernetes the Ingress controller routes and terminates TLS (deploy/k8s/README.md)", n)))
	}
	fmt.Fprintf(&b, "kubectl kustomize %s > /tmp/rendered.yaml\n", d)
	for _, n := range KubernetesImageNames {
		if r, ok := kube[n]; ok {
			fmt.Fprintf(&b, "grep -qF %s /tmp/rendered.yaml || { echo %s >&2; exit 1; }\n",
				ShellQuote(r.Pinned()), ShellQuote(fmt.Sprintf("deploy: %s image %s is not in the rendered manifests; check the overlay's images", n, r.Pinned())))
			fmt.Fprintf(&b, "echo %s\n", ShellQuote(fmt.Sprintf("deploy: %s=%s", n, r.Pinned())))
		}
	}
	rel := ShellQuote(in.ReleaseScript)
	if in.DryRun {
		fmt.Fprintf(&b, "bash %s --dry-run %s 2>&1\n", rel, d)
		b.WriteString("echo '== kubectl diff (what the release would change; the migration Job is recreated on every release):'\n")
		// kubectl diff exits 1 when there are differences, >1 on errors.
		fmt.Fprintf(&b, "rc=0; kubectl diff -k %s -l %s 2>&1 || rc=$?\n", d, ShellQuote(MigrationSelector))
		b.WriteString("if [ \"$rc\" -gt 1 ]; then echo \"deploy: kubectl diff failed (exit $rc)\" >&2; exit \"$rc\"; fi\n")
		b.WriteString("echo 'dry run: nothing was changed'\n")
		return b.String()
	}
	fmt.Fprintf(&b, "bash %s %s 2>&1\n", rel, d)
	return b.String()
}

// SSHInput is what SSHDriverScript needs.
type SSHInput struct {
	Host string
	User string
	Port int
	// KnownHosts is true when a known_hosts file was given: the host key is
	// then checked strictly. Otherwise the first key seen is accepted
	// (StrictHostKeyChecking=accept-new), which the README points out.
	KnownHosts bool
	// EnvFile is true when the production .env is mounted at EnvFilePath.
	EnvFile bool
	// WorkDir is ComposeScriptInput.WorkDir().
	WorkDir string
}

// Paths inside the deploy container.
const (
	SSHKeyPath     = "/root/.ssh/id_deploy"
	KnownHostsPath = "/root/.ssh/known_hosts"
	EnvFilePath    = "/run/secrets/production.env"
	BundleDir      = "/deploy"
	// ComposeScriptName is the rendered ComposeDeployScript inside the bundle.
	ComposeScriptName = ".dagger-deploy.sh"
)

// SSHDriverScript renders the script the deploy container runs: it streams
// the .env (never stored in a layer) and the bundle (compose files and the
// rendered ComposeDeployScript) to the host and runs the script there.
func SSHDriverScript(in SSHInput) string {
	strict := "accept-new"
	if in.KnownHosts {
		strict = "yes"
	}
	work := ShellQuote(in.WorkDir)
	var b strings.Builder
	b.WriteString("#!/bin/sh\n# Rendered by the training-club Dagger module (deploy).\nset -eu\n")
	fmt.Fprintf(&b, "remote() { ssh -i %s -p %d -o BatchMode=yes -o StrictHostKeyChecking=%s -o UserKnownHostsFile=%s -o ConnectTimeout=20 %s \"$@\"; }\n",
		SSHKeyPath, in.Port, strict, KnownHostsPath, ShellQuote(in.User+"@"+in.Host))
	if in.EnvFile {
		fmt.Fprintf(&b, "remote \"mkdir -p %s && umask 077 && cat > %s/.env\" < %s\n", work, work, EnvFilePath)
	}
	fmt.Fprintf(&b, "tar -C %s -czf - . | remote \"mkdir -p %s && tar -C %s -xzf - && sh %s/%s\"\n",
		BundleDir, work, work, work, ComposeScriptName)
	return b.String()
}

// OverlayImageNames reads the images list of an overlay's kustomization.yaml
// (the repository's own files, in the block form they are written in) and
// returns each renamed image: name → newName.
func OverlayImageNames(kustomization string) map[string]string {
	names := map[string]string{}
	inImages, name := false, ""
	for _, line := range strings.Split(kustomization, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
		case !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "-"):
			inImages, name = trimmed == "images:", ""
		case !inImages:
		case strings.HasPrefix(trimmed, "- name:"):
			name = strings.TrimSpace(strings.TrimPrefix(trimmed, "- name:"))
		case strings.HasPrefix(trimmed, "newName:") && name != "":
			names[name] = strings.TrimSpace(strings.TrimPrefix(trimmed, "newName:"))
		}
	}
	return names
}
