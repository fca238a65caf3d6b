package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"dagger/training-club/internal/dagger"
	"dagger/training-club/pipeline"
)

// Deploy ships published images, pinned by digest, to exactly one target:
// a Docker host over SSH (--ssh-host/--ssh-user/--ssh-key: compose.yaml and
// compose.prod.yaml are copied to --deploy-dir and `docker compose up -d`
// runs with BACKEND_IMAGE, FRONTEND_IMAGE and PROXY_IMAGE set to the digests),
// or a Kubernetes cluster (--kubeconfig/--overlay: the deploy/k8s overlay,
// with the backend and frontend images pinned to the digests, is released by
// scripts/k8s/deploy.sh: namespace, secret check, migration Job, then the
// rollouts; the proxy image is skipped because Kubernetes uses an Ingress).
// --dry-run only prints what would change (the images per service, or a
// server-side dry run of the release plus kubectl diff). --images takes the
// output of publish.
func (m *TrainingClub) Deploy(
	ctx context.Context,
	// Output of publish: backend=..., frontend=..., proxy=... lines with digests.
	images string,
	// Docker host to deploy to over SSH.
	// +optional
	sshHost string,
	// SSH user on the Docker host (needs to run docker).
	// +optional
	sshUser string,
	// Private SSH key (OpenSSH format) of that user. A --dry-run without it
	// prints the plan without connecting.
	// +optional
	sshKey *dagger.Secret,
	// SSH port.
	// +optional
	// +default=22
	sshPort int,
	// known_hosts lines for the Docker host. Without them the host key seen
	// first is accepted (trust on first use).
	// +optional
	sshKnownHosts string,
	// Production .env for compose (database and Redis passwords, JWT secret,
	// Stripe keys). Without it the .env already on the host is used.
	// +optional
	envFile *dagger.Secret,
	// Directory on the Docker host holding the compose files.
	// +optional
	// +default="/opt/training-club"
	deployDir string,
	// kubeconfig of the cluster to deploy to.
	// +optional
	kubeconfig *dagger.Secret,
	// Overlay under deploy/k8s/overlays, e.g. staging or production.
	// +optional
	overlay string,
	// Only print what would change.
	// +optional
	dryRun bool,
) (string, error) {
	imgs, err := pipeline.ParsePublished(images)
	if err != nil {
		return "", err
	}
	if sshPort == 0 {
		sshPort = 22
	}
	if deployDir == "" {
		deployDir = "/opt/training-club"
	}
	target, err := pipeline.ValidateDeploy(pipeline.DeployArgs{
		SSHHost: sshHost, SSHUser: sshUser, SSHPort: sshPort, HasSSHKey: sshKey != nil,
		HasEnvFile: envFile != nil, DeployDir: deployDir,
		HasKubeconfig: kubeconfig != nil, Overlay: overlay, DryRun: dryRun,
	})
	if err != nil {
		return "", err
	}
	switch target {
	case pipeline.TargetSSH:
		return m.deployCompose(ctx, imgs, sshHost, sshUser, sshPort, sshKey, sshKnownHosts, envFile, deployDir, dryRun)
	default:
		return m.deployKubernetes(ctx, imgs, kubeconfig, overlay, dryRun)
	}
}

// deployCompose copies the compose bundle to the Docker host and runs the
// rendered deploy script there.
func (m *TrainingClub) deployCompose(
	ctx context.Context,
	imgs map[string]pipeline.ImageRef,
	host, user string, port int,
	key *dagger.Secret, knownHosts string, envFile *dagger.Secret,
	dir string, dryRun bool,
) (string, error) {
	in := pipeline.ComposeScriptInput{Dir: dir, DryRun: dryRun, Images: imgs}
	if key == nil {
		// Only a dry run gets here without a key (ValidateDeploy).
		return pipeline.ComposePlan(in, user, host, port), nil
	}
	bundle := dag.Directory().
		// deploy/ holds what the compose files mount (MySQL init, redis.conf).
		WithDirectory("deploy", m.Source.Directory("deploy"), dagger.DirectoryWithDirectoryOpts{Exclude: []string{"k8s"}}).
		WithNewFile(pipeline.ComposeScriptName, pipeline.ComposeDeployScript(in))
	for _, f := range pipeline.ComposeFiles {
		bundle = bundle.WithFile(f, m.Source.File(f))
	}
	ctr := dag.Container().
		From(m.ToolsImage).
		With(func(c *dagger.Container) *dagger.Container {
			return withPackages(c,
				pipeline.OSPackage{Name: "openssh-client", Present: "command -v ssh"},
				pipeline.OSPackage{Name: "tar", Present: "command -v tar"},
				pipeline.OSPackage{Name: "gzip", Present: "command -v gzip"})
		}).
		WithDirectory(pipeline.BundleDir, bundle).
		WithMountedSecret(pipeline.SSHKeyPath, key, dagger.ContainerWithMountedSecretOpts{Owner: "root", Mode: 0o600})
	if knownHosts != "" {
		ctr = ctr.WithNewFile(pipeline.KnownHostsPath, strings.TrimSpace(knownHosts)+"\n")
	}
	if envFile != nil {
		ctr = ctr.WithMountedSecret(pipeline.EnvFilePath, envFile, dagger.ContainerWithMountedSecretOpts{Owner: "root", Mode: 0o600})
	}
	driver := pipeline.SSHDriverScript(pipeline.SSHInput{
		Host: host, User: user, Port: port,
		KnownHosts: knownHosts != "", EnvFile: envFile != nil, WorkDir: in.WorkDir(),
	})
	out, err := ctr.
		WithNewFile("/usr/local/bin/tc-deploy", driver, dagger.ContainerWithNewFileOpts{Permissions: 0o755}).
		// A deploy has effects outside the engine: never reuse a cached run.
		WithEnvVariable("DEPLOY_RUN", time.Now().UTC().Format(time.RFC3339Nano)).
		WithExec([]string{"/usr/local/bin/tc-deploy"}).
		Stdout(ctx)
	if err != nil {
		return "", fmt.Errorf("deploy to %s@%s: %w", user, host, err)
	}
	return out, nil
}

// deployKubernetes renders the kustomization that pins the backend and
// frontend digests on top of the overlay and releases it (or dry-runs it)
// with scripts/k8s/deploy.sh in a kubectl container.
func (m *TrainingClub) deployKubernetes(
	ctx context.Context,
	imgs map[string]pipeline.ImageRef,
	kubeconfig *dagger.Secret, overlay string, dryRun bool,
) (string, error) {
	overlayFile := "deploy/k8s/overlays/" + overlay + "/kustomization.yaml"
	overlayYAML, err := m.Source.File(overlayFile).Contents(ctx)
	if err != nil {
		return "", fmt.Errorf("overlay %q: %s not found: %w", overlay, overlayFile, err)
	}
	// The repository layout is kept, so the kustomization's "../overlays/<overlay>"
	// resolves and the release script finds what it expects.
	const work = "/work"
	k8sDir := work + "/deploy/k8s"
	kustomizeDir := k8sDir + "/" + pipeline.KustomizeDir
	script := pipeline.KubectlScript(pipeline.KubectlInput{
		Dir:           kustomizeDir,
		ReleaseScript: work + "/" + pipeline.ReleaseScriptPath,
		DryRun:        dryRun,
		Images:        imgs,
	})
	out, err := dag.Container().
		From(m.ToolsImage).
		// scripts/k8s/deploy.sh needs bash; GNU grep for its patterns.
		With(func(c *dagger.Container) *dagger.Container {
			return withPackages(c,
				pipeline.OSPackage{Name: "bash", Present: "command -v bash"},
				pipeline.OSPackage{Name: "grep", Present: "grep --version | grep -q GNU"})
		}).
		WithFile("/usr/local/bin/kubectl", m.kubectl()).
		WithDirectory(k8sDir, m.Source.Directory("deploy/k8s")).
		WithFile(work+"/"+pipeline.ReleaseScriptPath, m.Source.File(pipeline.ReleaseScriptPath), dagger.ContainerWithFileOpts{Permissions: 0o755}).
		WithNewFile(kustomizeDir+"/kustomization.yaml", pipeline.Kustomization(overlay, imgs, pipeline.OverlayImageNames(overlayYAML))).
		WithNewFile("/usr/local/bin/tc-deploy", script, dagger.ContainerWithNewFileOpts{Permissions: 0o755}).
		WithMountedSecret("/root/.kube/config", kubeconfig).
		WithEnvVariable("KUBECONFIG", "/root/.kube/config").
		// A deploy has effects outside the engine: never reuse a cached run.
		WithEnvVariable("DEPLOY_RUN", time.Now().UTC().Format(time.RFC3339Nano)).
		WithExec([]string{"/usr/local/bin/tc-deploy"}).
		Stdout(ctx)
	if err != nil {
		var execErr *dagger.ExecError
		if errors.As(err, &execErr) {
			// The release script's log (merged into stdout) says which phase failed.
			return "", fmt.Errorf("deploy overlay %s: %w\nlast lines of the release log:\n%s", overlay, err,
				pipeline.Tail(execErr.Stdout+execErr.Stderr, 40))
		}
		return "", fmt.Errorf("deploy overlay %s: %w", overlay, err)
	}
	return out, nil
}

// kubectl builds kubectl from the k8s.io/kubectl release pinned in
// tools/kubectl/go.mod (v0.X.Y is kubectl v1.X.Y), for the engine's platform.
// The Go module proxy serves it and go.sum pins it, so a deploy needs no
// download site; the Go build cache makes a rebuild of the same pin take seconds.
func (m *TrainingClub) kubectl() *dagger.File {
	const build = `set -eu
v=$(go list -m -f '{{.Version}}' k8s.io/kubectl)
go build -trimpath -o /out/kubectl -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=v1.${v#v0.}" .
/out/kubectl version --client`
	return m.goBase().
		WithEnvVariable("CGO_ENABLED", "0").
		// Only what the build reads; the Go build cache makes a rebuild of
		// the same pin take seconds.
		WithDirectory("/src", m.layer([]string{"tools/kubectl"})).
		WithWorkdir("/src/tools/kubectl").
		WithExec([]string{"sh", "-c", build}).
		File("/out/kubectl")
}
