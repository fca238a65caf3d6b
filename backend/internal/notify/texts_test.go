package notify

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestFoldKeepsLinesWithin75OctetsAndCharactersWhole(t *testing.T) {
	long := "DESCRIPTION:" + strings.Repeat("Grüezi mitenand, ", 20)
	folded := fold(long)
	for _, line := range strings.Split(strings.TrimSuffix(folded, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line of %d octets: %q", len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("split a character: %q", line)
		}
	}
	if unfolded := strings.ReplaceAll(strings.TrimSuffix(folded, "\r\n"), "\r\n ", ""); unfolded != long {
		t.Errorf("unfolding does not give the line back")
	}
}

func TestEscapeQuotesTextValues(t *testing.T) {
	if got := escape("a,b;c\\d\ne"); got != `a\,b\;c\\d\ne` {
		t.Errorf("escape = %q", got)
	}
}

func TestSwissFormats(t *testing.T) {
	zurich, err := time.LoadLocation(Zurich)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 7, 1, 16, 30, 0, 0, time.UTC) // 18:30 summer time
	for _, tc := range []struct{ got, want string }{
		{when("en", at, zurich), "Wednesday, 1 July 2026, 18:30"},
		{when("de", at, zurich), "Mittwoch, 1. Juli 2026, 18:30"},
		{chf("en", 123456789), "CHF 1,234,567.89"},
		{chf("de", 120000), "CHF 1’200.00"},
		{chf("de", 5), "CHF 0.05"},
		{credits("en", 1), "1 credit was"},
		{credits("de", 3), "3 Guthaben wurden"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
