package apperr

import (
	"errors"
	"testing"
)

func TestCheckLength(t *testing.T) {
	tests := []struct {
		text     string
		min, max int
		want     string // "" when the text passes
	}{
		{"Yoga", 1, 120, ""},
		{"", 1, 120, "must be 1 to 120 characters"},
		{"äöü", 1, 3, ""}, // runes, not bytes
		{"abcd", 1, 3, "must be 1 to 3 characters"},
		{"", 0, 5, ""},
		{"abcdef", 0, 5, "must be at most 5 characters"},
	}
	for _, tt := range tests {
		var v Validation
		v.CheckLength("f", tt.text, tt.min, tt.max)
		err := v.Err()
		if tt.want == "" {
			if err != nil {
				t.Errorf("%q %d..%d: unexpected %v", tt.text, tt.min, tt.max, err)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Fields["f"] != tt.want {
			t.Errorf("%q %d..%d: got %v, want %q", tt.text, tt.min, tt.max, err, tt.want)
		}
	}
}
