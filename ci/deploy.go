package main

import (
	"context"
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
// or a Kubernetes cluster (--kubeconfig/--overlay: the deploy/k8s overlay is
// applied with kustomize images pinned to the digests). --dry-run only
// prints what would change (the images per service, or kubectl diff plus a
// server-side dry run). --images takes the output of publish.
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
	// Private SSH key (OpenSSH format) of that user.
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
	// kubectl release used for Kubernetes deploys.
	// +optional
	// +default="v1.34.2"
	kubectlVersion string,
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
		HasKubeconfig: kubeconfig != nil, Overlay: overlay,
	})
	if err != nil {
		return "", err
	}
	switch target {
	case pipeline.TargetSSH:
		return m.deployCompose(ctx, imgs, sshHost, sshUser, sshPort, sshKey, sshKnownHosts, envFile, deployDir, dryRun)
	default:
		if kubectlVersion == "" {
			kubectlVersion = "v1.34.2"
		}
		return m.deployKubernetes(ctx, imgs, kubeconfig, overlay, kubectlVersion, dryRun)
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
	bundle := dag.Directory().
		// deploy/ holds what the compose files mount (MySQL init, redis.conf).
		WithDirectory("deploy", m.Source.Directory("deploy"), dagger.DirectoryWithDirectoryOpts{Exclude: []string{"k8s"}}).
		WithNewFile(pipeline.ComposeScriptName, pipeline.ComposeDeployScript(in))
	for _, f := range pipeline.ComposeFiles {
		bundle = bundle.WithFile(f, m.Source.File(f))
	}
	ctr := dag.Container().
		From(m.ToolsImage).
		WithExec([]string{"apk", "add", "--no-cache", "openssh-client", "tar", "gzip"}).
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

// deployKubernetes renders the kustomization that pins the digests on top of
// the overlay and applies (or diffs) it with kubectl.
func (m *TrainingClub) deployKubernetes(
	ctx context.Context,
	imgs map[string]pipeline.ImageRef,
	kubeconfig *dagger.Secret, overlay, kubectlVersion string, dryRun bool,
) (string, error) {
	if _, err := m.Source.Directory("deploy/k8s/overlays/" + overlay).Entries(ctx); err != nil {
		return "", fmt.Errorf("overlay %q: deploy/k8s/overlays/%s not found: %w", overlay, overlay, err)
	}
	platform, err := dag.DefaultPlatform(ctx)
	if err != nil {
		return "", err
	}
	arch, err := pipeline.PlatformArch(string(platform))
	if err != nil {
		return "", err
	}
	url := fmt.Sprintf("https://dl.k8s.io/release/%s/bin/linux/%s/kubectl", kubectlVersion, arch)
	const work = "/work/k8s"
	kustomizeDir := work + "/" + pipeline.KustomizeDir
	out, err := dag.Container().
		From(m.ToolsImage).
		WithFile("/usr/local/bin/kubectl", dag.HTTP(url), dagger.ContainerWithFileOpts{Permissions: 0o755}).
		WithFile("/tmp/kubectl.sha256", dag.HTTP(url+".sha256")).
		WithExec([]string{"sh", "-c", `echo "$(cat /tmp/kubectl.sha256)  /usr/local/bin/kubectl" | sha256sum -c -`}).
		WithDirectory(work, m.Source.Directory("deploy/k8s")).
		WithNewFile(kustomizeDir+"/kustomization.yaml", pipeline.Kustomization(overlay, imgs)).
		WithNewFile("/usr/local/bin/tc-deploy", pipeline.KubectlScript(kustomizeDir, dryRun, imgs), dagger.ContainerWithNewFileOpts{Permissions: 0o755}).
		WithMountedSecret("/root/.kube/config", kubeconfig).
		WithEnvVariable("KUBECONFIG", "/root/.kube/config").
		// A deploy has effects outside the engine: never reuse a cached run.
		WithEnvVariable("DEPLOY_RUN", time.Now().UTC().Format(time.RFC3339Nano)).
		WithExec([]string{"/usr/local/bin/tc-deploy"}).
		Stdout(ctx)
	if err != nil {
		return "", fmt.Errorf("deploy overlay %s: %w", overlay, err)
	}
	return out, nil
}
