package main

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"dagger/training-club/internal/dagger"
	"dagger/training-club/pipeline"
)

// TestBackend runs the backend unit and integration tests (scripts/test-backend.sh:
// go vet, the race-enabled tests, fuzzing) against an ephemeral MySQL and Redis.
// It reads only backend/ and its scripts: a frontend change leaves its cached
// result valid.
//
// +check
func (m *TrainingClub) TestBackend(ctx context.Context) error {
	return m.runSuite(ctx, "backend", true).err()
}

// TestFrontend runs the frontend lint, typecheck, unit tests and production
// build (scripts/test-frontend.sh). It reads only frontend/ and its scripts.
//
// +check
func (m *TrainingClub) TestFrontend(ctx context.Context) error {
	return m.runSuite(ctx, "frontend", true).err()
}

// TestBrowser runs the browser end-to-end tests (scripts/e2e.sh, Chromium) against
// the whole stack serve runs: the proxy (HTTPS, self-signed certificate) in
// front of the frontend and backend images, on their own MySQL and Redis.
//
// +check
func (m *TrainingClub) TestBrowser(ctx context.Context) error {
	return m.runSuite(ctx, "e2e", true).err()
}

// Test runs every test suite in parallel (test-backend, test-frontend,
// test-browser) and fails when any fails, with the last lines of each failing
// suite. A suite that passed stays cached until its inputs change; one that
// failed runs again on the next call.
func (m *TrainingClub) Test(
	ctx context.Context,
	// Skip the browser end-to-end tests.
	// +optional
	skipE2e bool,
) (string, error) {
	results := m.runSuites(ctx, skipE2e, true)
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

// TestReports runs the same suites as test, from the same cache (a suite that
// test or a check already ran with these inputs is not run again), and
// returns their reports even when tests fail: <suite>/junit.xml, backend
// coverage, e2e screenshots, <suite>/output.log, summary.txt ("suite=exit
// code" lines) and exit-code (0 when every suite passed, 1 otherwise). It
// fails only when the reports cannot be collected. A failure it sees is left
// for the next check to report (and then re-run), so CI runs it first and
// then dagger check: one run of each suite gives both.
// Use: dagger call test-reports export --path reports
func (m *TrainingClub) TestReports(
	ctx context.Context,
	// Skip the browser end-to-end tests.
	// +optional
	skipE2e bool,
) (*dagger.Directory, error) {
	results := m.runSuites(ctx, skipE2e, false)
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

// err is the check result of one suite: nil when it passed.
func (r suiteRun) err() error {
	if r.outcome.Passed() {
		return nil
	}
	if r.outcome.Err != nil {
		return fmt.Errorf("%s suite could not run: %w", r.outcome.Name, r.outcome.Err)
	}
	return fmt.Errorf("%s suite failed (exit %d):\n%s", r.outcome.Name, r.outcome.ExitCode, pipeline.Tail(r.output, 80))
}

type suiteRuns []suiteRun

func (rs suiteRuns) outcomes() []pipeline.SuiteResult {
	out := make([]pipeline.SuiteResult, len(rs))
	for i, r := range rs {
		out[i] = r.outcome
	}
	return out
}

// runSuites runs the suites in parallel; a failing suite does not stop the others.
func (m *TrainingClub) runSuites(ctx context.Context, skipE2e, recordFailures bool) suiteRuns {
	names := []string{"backend", "frontend"}
	if !skipE2e {
		names = append(names, "e2e")
	}
	results := make(suiteRuns, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = m.runSuite(ctx, name, recordFailures)
		}()
	}
	wg.Wait()
	return results
}

// suiteCommands maps a suite to its repo command.
var suiteCommands = map[string][]string{
	"backend":  {"bash", "scripts/test-backend.sh"},
	"frontend": {"bash", "scripts/test-frontend.sh"},
	// The admin account the browser tests create their fixtures with is made
	// first, with the backend image's own binary (the password stays in a
	// secret variable, out of any command line).
	"e2e": {"sh", "-c", `set -e; api migrate; ` +
		`api create-admin --email "$E2E_ADMIN_EMAIL" --password "$E2E_ADMIN_PASSWORD" --name "E2E Admin"; ` +
		`exec bash scripts/e2e.sh`},
}

// runSuite prepares a suite's container and services and runs its repo
// command under the failure ledger, collecting exit code, output and reports.
// Services are bound, never started by hand: the engine starts them only when
// the suite really runs (not when its result comes from the cache) and stops
// them when it ends.
func (m *TrainingClub) runSuite(ctx context.Context, name string, recordFailure bool) suiteRun {
	r := suiteRun{outcome: pipeline.SuiteResult{Name: name, ExitCode: -1}}
	var ctr *dagger.Container
	switch name {
	case "backend":
		ctr = m.backendSuite()
	case "frontend":
		ctr = m.withInputs(m.nodeBase(), "frontend", suiteLayers{deps: npmDepsCmd})
	case "e2e":
		ctr, r.outcome.Err = m.e2eSuite(ctx)
	default:
		r.outcome.Err = fmt.Errorf("unknown suite %q", name)
	}
	if r.outcome.Err != nil {
		r.output = r.outcome.Err.Error() + "\n"
		return r
	}
	ctr = ctr.WithDirectory(reportsDir+"/"+name, dag.Directory())
	run, code, err := m.runWithLedger(ctx, name, ctr, suiteCommands[name], recordFailure)
	if err != nil {
		r.outcome.Err = err
		r.output = err.Error() + "\n"
		return r
	}
	r.outcome.ExitCode = code
	if r.output, err = run.CombinedOutput(ctx); err != nil {
		r.output = fmt.Sprintf("(output unavailable: %v)\n", err)
	}
	r.reports = run.Directory(reportsDir + "/" + name)
	return r
}

// backendSuite is the Go toolchain with the backend's inputs, its tools and
// module downloads in their own cached layers, bound to an ephemeral MySQL
// and Redis (credentials as secret variables) and a Mailpit.
func (m *TrainingClub) backendSuite() *dagger.Container {
	data := m.newData("test")
	return m.withInputs(m.goBase(), "backend", suiteLayers{
		tools: installTools("gotestsum", "stripe-mock"),
		deps:  goModDownload,
	}).
		WithServiceBinding(mysqlHost, data.mysql).
		WithServiceBinding(redisHost, data.redis).
		WithSecretVariable("TEST_MYSQL_DSN", data.testDSN).
		WithSecretVariable("TEST_REDIS_URL", data.redisURL).
		// The mail tests deliver to Mailpit and read the messages back from its API.
		WithServiceBinding(mailpitHost, data.mail).
		WithEnvVariable("TEST_SMTP_URL", mailpitSMTPURL).
		WithEnvVariable("TEST_MAILPIT_API", mailpitAPIURL)
}

// e2eAdminEmail is the admin account the browser tests create fixtures with.
const e2eAdminEmail = "e2e-admin@example.test"

// e2eHTTPSPort is the proxy's HTTPS port inside the stack: the e2e container
// reaches the proxy on it directly, so the HTTP→HTTPS redirect targets it too.
const e2eHTTPSPort = 443

// e2eSuite is the browser toolchain bound to the whole stack serve runs
// (m.stack: the production backend, frontend and proxy images on their own
// MySQL and Redis) as "proxy", and to the stack's MySQL and Redis for the
// admin account setup. The browser, the fixtures and the health and OpenAPI
// checks all go through the proxy's https origin (pipeline.E2EStackEnv),
// which presents its self-signed fallback certificate:
// E2E_IGNORE_HTTPS_ERRORS=1 makes the tests accept it.
func (m *TrainingClub) e2eSuite(ctx context.Context) (*dagger.Container, error) {
	env, err := pipeline.E2EStackEnv(proxyHost, e2eHTTPSPort, e2eAdminEmail)
	if err != nil {
		return nil, err
	}
	data := m.newData("e2e")
	s, err := m.stack(ctx, data, e2eHTTPSPort)
	if err != nil {
		return nil, err
	}
	ctr := data.withBackendEnv(m.withInputs(m.browserBase(), "e2e", suiteLayers{deps: npmDepsCmd})).
		WithFile("/usr/local/bin/api", m.Backend("").File("/app/api")).
		WithServiceBinding(proxyHost, s.proxy).
		WithSecretVariable("E2E_ADMIN_PASSWORD", newSecret("e2e-admin-password")).
		// The password-reset test opens the link from the mail the backend sent to Mailpit.
		WithEnvVariable("E2E_MAILPIT_API", mailpitAPIURL)
	for _, e := range env {
		ctr = ctr.WithEnvVariable(e.Name, e.Value)
	}
	return ctr, nil
}
