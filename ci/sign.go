package main

import (
	"context"
	"errors"
	"strings"

	"dagger/training-club/internal/dagger"
	"dagger/training-club/pipeline"
)

// Sign signs published images by digest with cosign: the images are publish's
// output ("name=repository:tag@sha256:digest" lines). With --key (a cosign
// private key, e.g. env:COSIGN_KEY, and --key-password) it signs with that
// key and writes nothing to a transparency log; with --oidc-request-url and
// --oidc-request-token (in GitHub Actions with id-token: write:
// env:ACTIONS_ID_TOKEN_REQUEST_URL, env:ACTIONS_ID_TOKEN_REQUEST_TOKEN) it
// signs keyless through Sigstore (Fulcio certificate for the workflow's
// identity, Rekor entry). The signatures are pushed with --username and
// --password. Prints cosign's output.
func (m *TrainingClub) Sign(
	ctx context.Context,
	// Output of publish.
	images string,
	// Registry user name.
	// +optional
	username string,
	// Registry password or token.
	// +optional
	password *dagger.Secret,
	// cosign private key (cosign generate-key-pair), for signing with a key.
	// +optional
	key *dagger.Secret,
	// Password of the cosign key.
	// +optional
	keyPassword *dagger.Secret,
	// GitHub Actions OIDC token request URL, for keyless signing.
	// +optional
	oidcRequestUrl *dagger.Secret,
	// GitHub Actions OIDC token request token, for keyless signing.
	// +optional
	oidcRequestToken *dagger.Secret,
	// The registry as a service when it is on this machine's loopback, e.g.
	// tcp://127.0.0.1:5123.
	// +optional
	registryService *dagger.Service,
) (string, error) {
	if err := pipeline.ValidateCredentials(username, password != nil); err != nil {
		return "", err
	}
	s, err := newSigner(key, keyPassword, oidcRequestUrl, oidcRequestToken)
	if err != nil {
		return "", err
	}
	if s.mode == pipeline.NoSigning {
		return "", errNoSigning
	}
	refs, err := pipeline.ParsePublished(images)
	if err != nil {
		return "", err
	}
	login := registryLogin{username: username, password: password, tunnel: registryService}
	var out strings.Builder
	for _, name := range pipeline.ImageNames {
		log, err := m.attest(ctx, refs[name], login, dag.Directory(), nil, s)
		if err != nil {
			return "", err
		}
		out.WriteString(log)
	}
	return out.String(), nil
}

var errNoSigning = errors.New("sign needs --key, or --oidc-request-url and --oidc-request-token")
