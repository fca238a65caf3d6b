package patch

import "testing"

func TestSet(t *testing.T) {
	n := 1
	Set(&n, nil)
	if n != 1 {
		t.Fatalf("nil changed the value to %d", n)
	}
	two := 2
	Set(&n, &two)
	if n != 2 {
		t.Fatalf("got %d, want 2", n)
	}
}

func TestSetTrimmed(t *testing.T) {
	s := "old"
	SetTrimmed(&s, nil)
	if s != "old" {
		t.Fatalf("nil changed the value to %q", s)
	}
	in := "  Studio 1 \t"
	SetTrimmed(&s, &in)
	if s != "Studio 1" {
		t.Fatalf("got %q, want %q", s, "Studio 1")
	}
}
