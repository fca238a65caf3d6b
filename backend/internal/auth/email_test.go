package auth

import "testing"

func TestNormalizeEmail(t *testing.T) {
	for in, want := range map[string]string{
		"  Kim@Example.CH ":       "kim@example.ch",
		"\u212Aim@example.ch":     "kim@example.ch", // Kelvin sign
		"ＫＩＭ@ｅｘａｍｐｌｅ.ｃｈ":          "kim@example.ch", // full width
		"Straße@example.ch":       "strasse@example.ch",
		"MÜLLER@example.ch":       "müller@example.ch",
		"mu\u0308ller@example.ch": "müller@example.ch", // combining diaeresis composes
		"ﬁle@example.ch":          "file@example.ch",   // ligature
	} {
		if got := NormalizeEmail(in); got != want {
			t.Errorf("NormalizeEmail(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRegisterEmailScripts(t *testing.T) {
	for _, tc := range []struct {
		email string
		ok    bool
	}{
		{"paypal@example.com", true},
		{"müller@beispiel.ch", true},
		{"иван@пример.рф", true},           // all Cyrillic
		{"山田たろう@example.jp", true},         // Han + Hiragana, a Japanese name
		{"ivan@пример.рф", true},           // each part in one script
		{"p\u0430ypal@example.com", false}, // Cyrillic а among Latin letters
		{"paypal@ex\u0430mple.com", false}, // in a domain label
		{"\u03bfscar@example.com", false},  // Greek omicron
		{"user1@example.com", true},        // digits belong to every script
	} {
		in := RegisterInput{Email: tc.email, Password: "long enough password", Name: "N"}
		err := in.Validate()
		if (err == nil) != tc.ok {
			t.Errorf("%q: ok=%v, got %v", tc.email, tc.ok, err)
		}
	}
}
