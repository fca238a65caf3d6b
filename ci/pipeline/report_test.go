package pipeline

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestSummary(t *testing.T) {
	text, failed := Summary([]SuiteResult{
		{Name: "backend", ExitCode: 0},
		{Name: "frontend", ExitCode: 2},
		{Name: "e2e", ExitCode: -1, Err: errors.New("start proxy:\n  boom")},
	})
	if want := "backend=0\nfrontend=2\ne2e=error: start proxy: boom\n"; text != want {
		t.Errorf("Summary text = %q; want %q", text, want)
	}
	if want := []string{"frontend", "e2e"}; !reflect.DeepEqual(failed, want) {
		t.Errorf("failed = %v; want %v", failed, want)
	}
	if _, failed := Summary([]SuiteResult{{Name: "backend"}}); failed != nil {
		t.Errorf("all passed but failed = %v", failed)
	}
}

func TestTail(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"a\nb\nc\n", 5, "a\nb\nc"},
		{"a\nb\nc\nd", 2, "[... 2 lines omitted ...]\nc\nd"},
		{"", 3, ""},
	}
	for _, tt := range tests {
		if got := Tail(tt.in, tt.n); got != tt.want {
			t.Errorf("Tail(%q, %d) = %q; want %q", tt.in, tt.n, got, tt.want)
		}
	}
	if got := Tail(strings.Repeat("x\n", 1000), 10); strings.Count(got, "\n") != 10 {
		t.Errorf("Tail of 1000 lines has %d newlines", strings.Count(got, "\n"))
	}
}
