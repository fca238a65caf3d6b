package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"dagger/training-club/internal/dagger"
	"dagger/training-club/pipeline"
)

// The failure ledger keeps a failed suite from being replayed from the cache.
//
// A suite runs with Expect: ANY so that its reports and output exist when it
// fails, which also makes the engine cache the failure. The ledger, a cache
// volume, holds one token per suite input (pipeline.LedgerKey of the
// container's ID); the token is part of the suite's exec, and a failure
// replaces it. So the next call with the same inputs runs the suite again,
// while a suite that passed keeps its token and stays cached.
const ledgerDir = "/ledger"

// ledger reads and writes the tokens. Its execs carry the current time: they
// must run on every call, never come from the cache.
type ledger struct {
	m *TrainingClub
}

func (l ledger) container() *dagger.Container {
	return dag.Container().
		From(l.m.ToolsImage).
		WithMountedCache(ledgerDir, cacheVolume("suite-ledger")).
		WithEnvVariable("LEDGER_READ_AT", time.Now().UTC().Format(time.RFC3339Nano))
}

// token returns the current token of key ("" when the suite never failed).
func (l ledger) token(ctx context.Context, key string) (string, error) {
	out, err := l.container().
		WithEnvVariable("KEY", key).
		WithExec([]string{"sh", "-c", `cat "` + ledgerDir + `/$KEY" 2>/dev/null || true`}).
		Stdout(ctx)
	if err != nil {
		return "", fmt.Errorf("read the suite ledger: %w", err)
	}
	return strings.TrimSpace(out), nil
}

// recordFailure gives key a new token: the next run of these inputs is a new exec.
func (l ledger) recordFailure(ctx context.Context, key string) error {
	_, err := l.container().
		WithEnvVariable("KEY", key).
		WithEnvVariable("TOKEN", randomToken()[:16]).
		WithExec([]string{"sh", "-c", `printf '%s\n' "$TOKEN" > "` + ledgerDir + `/$KEY"`}).
		Sync(ctx)
	if err != nil {
		return fmt.Errorf("record the failure in the suite ledger: %w", err)
	}
	return nil
}

// runWithLedger runs cmd in ctr (Expect: ANY) under the ledger's token for
// these inputs. With record, a failure gets a new token so that it is run
// again next time; without (test-reports), the result stays what the next
// check will see, so CI collects the reports and then runs the checks on the
// same, single run of each suite.
func (m *TrainingClub) runWithLedger(ctx context.Context, name string, ctr *dagger.Container, cmd []string, record bool) (*dagger.Container, int, error) {
	id, err := ctr.ID(ctx)
	if err != nil {
		return nil, -1, fmt.Errorf("%s: %w", name, err)
	}
	l := ledger{m}
	key := pipeline.LedgerKey(name, string(id))
	token, err := l.token(ctx, key)
	if err != nil {
		return nil, -1, err
	}
	if token != "" {
		ctr = ctr.WithEnvVariable("TC_RERUN_AFTER_FAILURE", token)
	}
	run := ctr.WithExec(cmd, dagger.ContainerWithExecOpts{Expect: dagger.ReturnTypeAny})
	code, err := run.ExitCode(ctx)
	if err != nil {
		return nil, -1, fmt.Errorf("%s: %w", name, err)
	}
	if code != 0 && record {
		if err := l.recordFailure(ctx, key); err != nil {
			return nil, -1, err
		}
	}
	return run, code, nil
}
