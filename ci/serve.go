package main

import (
	"context"
	"fmt"

	"dagger/training-club/internal/dagger"
)

// Serve runs the whole stack (MySQL, Redis, backend, frontend) behind the
// proxy, built from this checkout. Port 80 serves the proxy's health check
// and redirects to HTTPS on port 443 (self-signed certificate). Use:
// dagger call serve up --ports 8080:80 --ports 8443:443
func (m *TrainingClub) Serve(
	ctx context.Context,
	// Host port that port 443 is published on: the HTTP→HTTPS redirect
	// points there.
	// +optional
	// +default=8443
	httpsPort int,
) (*dagger.Service, error) {
	if httpsPort == 0 {
		httpsPort = 8443
	}
	if httpsPort < 1 || httpsPort > 65535 {
		return nil, fmt.Errorf("https-port %d is out of range", httpsPort)
	}
	// Nothing is started here: `up` starts the proxy, the engine starts its
	// bindings first and waits for their exposed ports (MySQL and Redis
	// listen only once initialised).
	s, err := m.stack(ctx, m.newData("serve"), httpsPort)
	if err != nil {
		return nil, err
	}
	return s.proxy, nil
}

// stack is the application as services. Nothing is started by hand: binding
// the proxy (serve's up, or the e2e suite) starts it and, before it, every
// service it depends on; the engine stops them when the call ends.
type stack struct {
	backend, frontend, proxy *dagger.Service
}

// stack wires the backend (bound to data), the frontend, and the proxy in
// front of both, without starting anything. Serve and the e2e suite of test
// share it, so the browser tests drive exactly what serve runs. The backend runs with production
// settings and migrates the database on start.
func (m *TrainingClub) stack(ctx context.Context, data *dataStack, publicHTTPSPort int) (*stack, error) {
	s := &stack{backend: m.backendService(data)}
	backendName, err := s.backend.Hostname(ctx)
	if err != nil {
		return nil, fmt.Errorf("backend hostname: %w", err)
	}
	// apiUrl stays empty: the browser calls /api on the proxy's origin.
	s.frontend = m.Frontend("").
		WithExposedPort(frontendPort).
		AsService(dagger.ContainerAsServiceOpts{UseEntrypoint: true})
	frontendName, err := s.frontend.Hostname(ctx)
	if err != nil {
		return nil, fmt.Errorf("frontend hostname: %w", err)
	}

	// The proxy resolves its upstreams through DNS at request time, so it
	// gets the services' DNS names (bindings alone may only be host entries);
	// its entrypoint qualifies them with the search domain, which nginx's
	// resolver does not apply.
	s.proxy = m.Proxy("").
		WithServiceBinding(backendHost, s.backend).
		WithServiceBinding(frontendHost, s.frontend).
		WithEnvVariable("BACKEND_UPSTREAM", fmt.Sprintf("%s:%d", backendName, backendPort)).
		WithEnvVariable("FRONTEND_UPSTREAM", fmt.Sprintf("%s:%d", frontendName, frontendPort)).
		WithEnvVariable("SERVER_NAME", "localhost").
		WithEnvVariable("PUBLIC_HTTPS_PORT", fmt.Sprint(publicHTTPSPort)).
		WithExposedPort(80).
		WithExposedPort(443).
		AsService(dagger.ContainerAsServiceOpts{UseEntrypoint: true})
	return s, nil
}

// backendService is the production backend image bound to data, migrating
// the database on start.
func (m *TrainingClub) backendService(data *dataStack) *dagger.Service {
	return data.withBackendEnv(m.Backend("")).
		WithEnvVariable("MIGRATE_ON_START", "true").
		WithExposedPort(backendPort).
		AsService(dagger.ContainerAsServiceOpts{UseEntrypoint: true})
}
