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

// stack is the application started as services.
type stack struct {
	data              *dataStack
	backend, frontend *dagger.Service
	proxy             *dagger.Service
	// DNS names of the backend and proxy services (derived from their
	// definition; asking for them does not start anything).
	backendHost, proxyHost string
}

// stack wires the backend (bound to data), the frontend, and the proxy in
// front of both, without starting anything. Serve and the e2e suite of test
// share it, so the browser tests drive exactly what serve runs. The backend runs with production
// settings and migrates the database on start.
func (m *TrainingClub) stack(ctx context.Context, data *dataStack, publicHTTPSPort int) (*stack, error) {
	var err error
	s := &stack{data: data}
	s.backend = m.backendService(data)
	if s.backendHost, err = s.backend.Hostname(ctx); err != nil {
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
	// gets the services' DNS names (bindings alone may only be host entries).
	s.proxy = m.Proxy("").
		WithServiceBinding(backendHost, s.backend).
		WithServiceBinding(frontendHost, s.frontend).
		WithEnvVariable("BACKEND_UPSTREAM", fmt.Sprintf("%s:%d", s.backendHost, backendPort)).
		WithEnvVariable("FRONTEND_UPSTREAM", fmt.Sprintf("%s:%d", frontendName, frontendPort)).
		WithEnvVariable("SERVER_NAME", "localhost").
		WithEnvVariable("PUBLIC_HTTPS_PORT", fmt.Sprint(publicHTTPSPort)).
		WithExposedPort(80).
		WithExposedPort(443).
		AsService(dagger.ContainerAsServiceOpts{UseEntrypoint: true})
	if s.proxyHost, err = s.proxy.Hostname(ctx); err != nil {
		return nil, fmt.Errorf("proxy hostname: %w", err)
	}
	return s, nil
}

// stop stops the stack's application services, proxy first (best effort:
// the engine stops them when the call ends anyway). The data services are
// stopped by their own dataStack.start stop function.
func (s *stack) stop(ctx context.Context) {
	ctx = context.WithoutCancel(ctx)
	_, _ = s.proxy.Stop(ctx)
	_, _ = s.frontend.Stop(ctx)
	_, _ = s.backend.Stop(ctx)
}

// backendService is the production backend image bound to data, migrating
// the database on start.
func (m *TrainingClub) backendService(data *dataStack) *dagger.Service {
	return data.withBackendEnv(m.Backend("")).
		WithEnvVariable("MIGRATE_ON_START", "true").
		WithExposedPort(backendPort).
		AsService(dagger.ContainerAsServiceOpts{UseEntrypoint: true})
}
