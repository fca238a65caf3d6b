package pipeline

import (
	"fmt"
	"strings"
)

// SuiteResult is the outcome of one test suite (backend, frontend, e2e).
type SuiteResult struct {
	Name string
	// ExitCode of the repo command; -1 when it could not be run at all.
	ExitCode int
	// Err is set when the suite could not be run (as opposed to failing).
	Err error
}

// Passed reports whether the suite ran and exited 0.
func (r SuiteResult) Passed() bool { return r.Err == nil && r.ExitCode == 0 }

// Summary renders one "name=exit-code" line per suite (the summary.txt of the
// test reports) and lists the suites that did not pass.
func Summary(results []SuiteResult) (text string, failed []string) {
	var b strings.Builder
	for _, r := range results {
		switch {
		case r.Err != nil:
			fmt.Fprintf(&b, "%s=error: %s\n", r.Name, oneLine(r.Err.Error()))
		default:
			fmt.Fprintf(&b, "%s=%d\n", r.Name, r.ExitCode)
		}
		if !r.Passed() {
			failed = append(failed, r.Name)
		}
	}
	return b.String(), failed
}

// Tail returns the last n lines of s, for error messages that must stay
// readable when a suite prints thousands of lines.
func Tail(s string, n int) string {
	s = strings.TrimRight(s, "\n")
	lines := strings.Split(s, "\n")
	if len(lines) <= n {
		return s
	}
	return fmt.Sprintf("[... %d lines omitted ...]\n", len(lines)-n) + strings.Join(lines[len(lines)-n:], "\n")
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
