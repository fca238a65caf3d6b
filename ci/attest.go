package main

import (
	"context"
	"fmt"

	"dagger/training-club/internal/dagger"
	"dagger/training-club/pipeline"
)

// registryLogin is how the image, SBOM and signing tools push: publish's
// credentials (both empty: none), and for a registry on the caller's
// loopback, that registry as a service (modules cannot reach the caller's
// host themselves).
type registryLogin struct {
	username string
	password *dagger.Secret
	tunnel   *dagger.Service
}

// checkTunnel fails early when a loopback registry is given without its
// tunnel, before anything is built or pushed.
func (l registryLogin) checkTunnel(registry string) error {
	access, err := pipeline.ToolRegistryFor(pipeline.RegistryHost(registry))
	if err != nil {
		return err
	}
	if access.TunnelPort != 0 && l.tunnel == nil {
		return fmt.Errorf("registry %s is on the loopback: pass --registry-service tcp://%s so that the push, oras and cosign reach it",
			registry, pipeline.RegistryHost(registry))
	}
	return nil
}

// reach lets a tool container reach the registry of repository (as access
// says): the tunnel for a loopback registry, and the credentials as
// REGISTRY_USERNAME and the secret variable REGISTRY_PASSWORD.
func (l registryLogin) reach(c *dagger.Container, repository string, access pipeline.ToolRegistry) (*dagger.Container, error) {
	if access.TunnelPort != 0 {
		if l.tunnel == nil {
			return nil, l.checkTunnel(repository)
		}
		c = c.WithServiceBinding(pipeline.LoopbackRegistryAlias, l.tunnel)
	}
	if l.username != "" {
		c = c.WithEnvVariable("REGISTRY_USERNAME", l.username).
			WithSecretVariable("REGISTRY_PASSWORD", l.password)
	}
	return c, nil
}

// signer holds the secrets of the chosen signing: the cosign key and its
// password, or the GitHub Actions OIDC request URL and token.
type signer struct {
	mode               pipeline.Signing
	key, keyPassword   *dagger.Secret
	oidcURL, oidcToken *dagger.Secret
}

// newSigner validates the signing arguments of publish and sign.
func newSigner(key, keyPassword, oidcURL, oidcToken *dagger.Secret) (signer, error) {
	mode, err := pipeline.SigningFor(key != nil, keyPassword != nil, oidcURL != nil, oidcToken != nil)
	if err != nil {
		return signer{}, err
	}
	return signer{mode: mode, key: key, keyPassword: keyPassword, oidcURL: oidcURL, oidcToken: oidcToken}, nil
}

// goTool builds one pinned tool (scripts/tools.env) with go install on the
// Go image. The install is cached by its command (package@version), and the
// module and build caches make a new pin cheap.
func (m *TrainingClub) goTool(ctx context.Context, t pipeline.GoTool) (*dagger.File, error) {
	env, err := m.Source.File("scripts/tools.env").Contents(ctx)
	if err != nil {
		return nil, fmt.Errorf("read scripts/tools.env: %w", err)
	}
	pins, err := pipeline.ToolPins(env)
	if err != nil {
		return nil, err
	}
	install, err := t.InstallArgs(pins)
	if err != nil {
		return nil, err
	}
	return m.goBase().
		WithEnvVariable("CGO_ENABLED", "0").
		WithEnvVariable("GOBIN", "/tools").
		WithExec(install).
		File("/tools/" + t.Name), nil
}

// withGoTools adds the named tools to c's /usr/local/bin.
func (m *TrainingClub) withGoTools(ctx context.Context, c *dagger.Container, tools ...pipeline.GoTool) (*dagger.Container, error) {
	for _, t := range tools {
		f, err := m.goTool(ctx, t)
		if err != nil {
			return nil, err
		}
		c = c.WithFile("/usr/local/bin/"+t.Name, f)
	}
	return c, nil
}

// pushedImage is one image publish pushed: its platform variants and the
// digest they were pushed under.
type pushedImage struct {
	name, version string
	ref           pipeline.ImageRef
	variants      []*dagger.Container
	platforms     []dagger.Platform
}

// attestPublished gives a pushed image its SBOMs (when withSBOM) and its
// signature (when s asks for one).
func (m *TrainingClub) attestPublished(ctx context.Context, img pushedImage, withSBOM bool, login registryLogin, s signer) error {
	if !withSBOM && s.mode == pipeline.NoSigning {
		return nil
	}
	dir, files := dag.Directory(), []pipeline.SBOM(nil)
	if withSBOM {
		var err error
		if dir, files, err = m.sboms(ctx, img); err != nil {
			return err
		}
	}
	_, err := m.attest(ctx, img.ref, login, dir, files, s)
	return err
}

// sboms scans each platform variant of an image with syft and returns the
// SPDX JSON files in a directory, with their names and platforms; the SBOMs
// name the image's repository and version.
func (m *TrainingClub) sboms(ctx context.Context, img pushedImage) (*dagger.Directory, []pipeline.SBOM, error) {
	scanner, err := m.withGoTools(ctx, dag.Container().From(m.GoImage), pipeline.Syft)
	if err != nil {
		return nil, nil, err
	}
	scanner = scanner.WithEnvVariable("SYFT_CHECK_FOR_APP_UPDATE", "false")
	dir := dag.Directory()
	files := make([]pipeline.SBOM, len(img.variants))
	for i, v := range img.variants {
		platform := string(img.platforms[i])
		file := pipeline.SBOMFileName(img.name, platform)
		sbom := scanner.
			WithMountedFile("/image.tar", v.AsTarball()).
			WithExec(pipeline.SyftScanArgs("/image.tar", "/out/"+file, img.ref.Repository, img.version)).
			File("/out/" + file)
		dir = dir.WithFile(file, sbom)
		files[i] = pipeline.SBOM{File: file, Platform: platform}
	}
	return dir, files, nil
}

// attest attaches the SBOMs in dir to a pushed image's digest as OCI
// referrers (oras attach) and signs the digest (cosign sign), as s says.
// It returns the script's output.
func (m *TrainingClub) attest(ctx context.Context, ref pipeline.ImageRef, login registryLogin, dir *dagger.Directory, sboms []pipeline.SBOM, s signer) (string, error) {
	access, err := pipeline.ToolRegistryFor(pipeline.RegistryHost(ref.Repository))
	if err != nil {
		return "", err
	}
	tools := []pipeline.GoTool{pipeline.Oras}
	if s.mode != pipeline.NoSigning {
		tools = append(tools, pipeline.Cosign)
	}
	c, err := m.withGoTools(ctx, dag.Container().From(m.GoImage), tools...)
	if err != nil {
		return "", err
	}
	c = c.WithMountedTemp("/auth").
		WithEnvVariable("DOCKER_CONFIG", "/auth").
		WithDirectory("/sbom", dir).
		WithWorkdir("/sbom")
	if c, err = login.reach(c, ref.Repository, access); err != nil {
		return "", err
	}
	switch s.mode {
	case pipeline.KeySigning:
		c = c.WithSecretVariable("COSIGN_KEY", s.key)
		if s.keyPassword != nil {
			c = c.WithSecretVariable("COSIGN_PASSWORD", s.keyPassword)
		} else {
			c = c.WithEnvVariable("COSIGN_PASSWORD", "")
		}
	case pipeline.KeylessSigning:
		c = c.WithSecretVariable("ACTIONS_ID_TOKEN_REQUEST_URL", s.oidcURL).
			WithSecretVariable("ACTIONS_ID_TOKEN_REQUEST_TOKEN", s.oidcToken)
	}
	script := pipeline.AttestScript(pipeline.AttestInput{
		Registry: access,
		Ref:      access.Ref(ref),
		Login:    login.username != "",
		SBOMs:    sboms,
		Signing:  s.mode,
	})
	out, err := c.WithExec([]string{"sh", "-c", script}).Stdout(ctx)
	if err != nil {
		return "", fmt.Errorf("attest %s: %w", ref.Pinned(), err)
	}
	return out, nil
}
