package main

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"dagger/training-club/internal/dagger"
	"dagger/training-club/pipeline"
)

// Test runs every test suite: the backend unit and integration tests against
// ephemeral MySQL and Redis (scripts/test-backend.sh), the frontend lint,
// typecheck and unit tests (scripts/test-frontend.sh) and the browser
// end-to-end tests (scripts/e2e.sh) against the whole stack started as
// services, as serve runs it: proxy (HTTPS, self-signed certificate) in front
// of the frontend and backend images, on their own MySQL and Redis. It fails when any suite fails; test-reports returns the
// JUnit XML and coverage of the same run.
func (m *TrainingClub) Test(
	ctx context.Context,
	// Skip the browser end-to-end tests.
	// +optional
	skipE2e bool,
) (string, error) {
	results, stop := m.runSuites(ctx, skipE2e)
	defer stop()
	summary, failed := pipeline.Summary(results.outcomes())
	if len(failed) == 0 {
		return summary, nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "test suites failed: %s\n%s", strings.Join(failed, ", "), summary)
	for _, r := range results {
		if !r.outcome.Passed() {
			fmt.Fprintf(&b, "\n=== %s (last lines) ===\n%s\n", r.outcome.Name, pipeline.Tail(r.output, 80))
		}
	}
	return "", fmt.Errorf("%s", b.String())
}

// TestReports runs the same suites as test and returns their reports even
// when tests fail: <suite>/junit.xml, backend coverage, e2e screenshots,
// <suite>/output.log, summary.txt ("suite=exit code" lines) and exit-code
// (0 when every suite passed, 1 otherwise). It fails only when the reports
// cannot be collected.
// Use: dagger call test-reports export --path reports
func (m *TrainingClub) TestReports(
	ctx context.Context,
	// Skip the browser end-to-end tests.
	// +optional
	skipE2e bool,
) (*dagger.Directory, error) {
	results, stop := m.runSuites(ctx, skipE2e)
	defer stop()
	summary, failed := pipeline.Summary(results.outcomes())
	dir := dag.Directory()
	for _, r := range results {
		if r.reports != nil {
			dir = dir.WithDirectory(r.outcome.Name, r.reports)
		}
		dir = dir.WithNewFile(r.outcome.Name+"/output.log", r.output)
	}
	exitCode := "0\n"
	if len(failed) > 0 {
		exitCode = "1\n"
	}
	dir = dir.WithNewFile("summary.txt", summary).WithNewFile("exit-code", exitCode)
	// Evaluate here so a collection problem is reported by this function.
	if _, err := dir.Sync(ctx); err != nil {
		return nil, fmt.Errorf("collect test reports: %w", err)
	}
	return dir, nil
}

// suiteRun is one executed suite.
type suiteRun struct {
	outcome pipeline.SuiteResult
	output  string
	reports *dagger.Directory
}

type suiteRuns []suiteRun

func (rs suiteRuns) outcomes() []pipeline.SuiteResult {
	out := make([]pipeline.SuiteResult, len(rs))
	for i, r := range rs {
		out[i] = r.outcome
	}
	return out
}

// runSuites runs the suites in parallel. A failing suite does not stop the
// others: each repo command runs with Expect: ANY and its exit code,
// output and reports directory are collected.
func (m *TrainingClub) runSuites(ctx context.Context, skipE2e bool) (suiteRuns, func()) {
	names := []string{"backend", "frontend"}
	if !skipE2e {
		names = append(names, "e2e")
	}
	results := make(suiteRuns, len(names))
	var stops []func()
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctr, stop, err := m.suiteContainer(ctx, name)
			if stop != nil {
				mu.Lock()
				stops = append(stops, stop)
				mu.Unlock()
			}
			results[i] = collect(ctx, name, ctr, err)
		}()
	}
	wg.Wait()
	return results, func() {
		for _, stop := range stops {
			stop()
		}
	}
}

// suiteScripts maps a suite to its repo command.
var suiteScripts = map[string]string{
	"backend":  "scripts/test-backend.sh",
	"frontend": "scripts/test-frontend.sh",
	"e2e":      "scripts/e2e.sh",
}

// suiteContainer prepares the container (and services) of one suite and
// runs its repo command, allowing any exit code.
func (m *TrainingClub) suiteContainer(ctx context.Context, name string) (*dagger.Container, func(), error) {
	var (
		ctr  *dagger.Container
		stop func()
	)
	switch name {
	case "backend":
		data := m.newData("test")
		var err error
		if stop, err = data.start(ctx, m); err != nil {
			return nil, stop, err
		}
		ctr = m.goToolchain().
			WithServiceBinding(mysqlHost, data.mysql).
			WithServiceBinding(redisHost, data.redis).
			WithSecretVariable("TEST_MYSQL_DSN", data.testDSN).
			WithSecretVariable("TEST_REDIS_URL", data.redisURL)
	case "frontend":
		ctr = m.nodeToolchain()
	case "e2e":
		data := m.newData("e2e")
		var err error
		if stop, err = data.start(ctx, m); err != nil {
			return nil, stop, err
		}
		var stopStack func()
		ctr, stopStack, err = m.e2eContainer(ctx, data)
		stopData := stop
		stop = func() {
			stopStack()
			stopData()
		}
		if err != nil {
			return nil, stop, err
		}
	default:
		return nil, nil, fmt.Errorf("unknown suite %q", name)
	}
	ctr = ctr.
		WithDirectory(reportsDir+"/"+name, dag.Directory()).
		WithExec([]string{"bash", suiteScripts[name]}, dagger.ContainerWithExecOpts{Expect: dagger.ReturnTypeAny})
	return ctr, stop, nil
}

// e2eAdminEmail is the admin account the browser tests create fixtures with.
const e2eAdminEmail = "e2e-admin@example.test"

// e2eHTTPSPort is the proxy's HTTPS port inside the stack: the e2e container
// reaches the proxy on it directly, so the HTTP→HTTPS redirect targets it too.
const e2eHTTPSPort = 443

// e2eContainer starts the whole stack Serve runs (m.stack: the production
// backend, frontend and proxy images on data's MySQL and Redis), creates the
// admin account scripts/e2e.sh needs once the backend has migrated (api
// create-admin, run from the Go toolchain so the password stays in a secret
// variable instead of a command line), and returns the e2e toolchain bound to
// the proxy. The browser, the fixtures and the health and OpenAPI checks all
// go through the proxy's https origin (pipeline.E2EStackEnv), which presents
// its self-signed fallback certificate: E2E_IGNORE_HTTPS_ERRORS=1 makes the
// tests accept it. stop stops the stack's services (best effort).
func (m *TrainingClub) e2eContainer(ctx context.Context, data *dataStack) (*dagger.Container, func(), error) {
	env, err := pipeline.E2EStackEnv(proxyHost, e2eHTTPSPort, e2eAdminEmail)
	if err != nil {
		return nil, func() {}, err
	}
	s, err := m.stack(ctx, data, e2eHTTPSPort)
	if err != nil {
		return nil, func() {}, err
	}
	stop := func() { s.stop(ctx) }
	// Started first and on its own: it migrates the database before it
	// listens, and create-admin needs the tables.
	if s.backend, err = s.backend.Start(ctx); err != nil {
		return nil, stop, fmt.Errorf("start backend: %w", err)
	}
	adminPassword := newSecret("e2e-admin-password")
	_, err = data.withBackendEnv(m.goToolchain()).
		WithSecretVariable("E2E_ADMIN_PASSWORD", adminPassword).
		WithEnvVariable("E2E_ADMIN_EMAIL", e2eAdminEmail).
		WithWorkdir(srcDir+"/backend").
		// This database is new on every run: never reuse a cached setup.
		WithEnvVariable("SETUP_RUN", randomToken()).
		WithExec([]string{"sh", "-c", `set -e; go run ./cmd/api migrate; ` +
			`go run ./cmd/api create-admin --email "$E2E_ADMIN_EMAIL" --password "$E2E_ADMIN_PASSWORD" --name "E2E Admin"`}).
		Sync(ctx)
	if err != nil {
		return nil, stop, fmt.Errorf("create the e2e admin account: %w", err)
	}
	// Starts the frontend too (a binding of the proxy) and waits for 80/443.
	if s.proxy, err = s.proxy.Start(ctx); err != nil {
		return nil, stop, fmt.Errorf("start proxy: %w", err)
	}
	ctr := m.e2eToolchain().WithServiceBinding(proxyHost, s.proxy)
	for _, e := range env {
		ctr = ctr.WithEnvVariable(e.Name, e.Value)
	}
	return ctr.WithSecretVariable("E2E_ADMIN_PASSWORD", adminPassword), stop, nil
}

// collect evaluates a suite's exec and gathers exit code, output and reports.
func collect(ctx context.Context, name string, ctr *dagger.Container, setupErr error) suiteRun {
	r := suiteRun{outcome: pipeline.SuiteResult{Name: name, ExitCode: -1, Err: setupErr}}
	if setupErr != nil {
		r.output = setupErr.Error() + "\n"
		return r
	}
	code, err := ctr.ExitCode(ctx)
	if err != nil {
		r.outcome.Err = err
		r.output = err.Error() + "\n"
		return r
	}
	r.outcome.ExitCode = code
	if r.output, err = ctr.CombinedOutput(ctx); err != nil {
		r.output = fmt.Sprintf("(output unavailable: %v)\n", err)
	}
	r.reports = ctr.Directory(reportsDir + "/" + name)
	return r
}
