package web

import "testing"

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"": false, "gzip": true, "gzip, deflate, br": true, "br;q=1.0, gzip;q=0.8": true,
		"GZIP": true, "x-gzip": true, "gzip;q=0": false, "gzip; q=0.000": false, "*": true,
		"*;q=0": false, "br, *": true, "gzip;q=0, *": false, "deflate": false, "identity": false,
		"gzip;q=abc": false, "  gzip  ;  q=0.5 ": true,
	} {
		if got := AcceptsGzip(header); got != want {
			t.Errorf("AcceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}

func TestNoneMatch(t *testing.T) {
	for _, tc := range []struct {
		header, etag string
		want         bool
	}{
		{`"abc"`, `"abc"`, true},
		{`W/"abc"`, `"abc"`, true},
		{`"x", "abc"`, `"abc"`, true},
		{`*`, `"abc"`, true},
		{`"abcd"`, `"abc"`, false},
		{`abc`, `"abc"`, false},
		{``, `"abc"`, false},
	} {
		if got := NoneMatch(tc.header, tc.etag); got != tc.want {
			t.Errorf("NoneMatch(%q, %q) = %v, want %v", tc.header, tc.etag, got, tc.want)
		}
	}
}
