package auth

import (
	"net/mail"
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// NormalizeEmail is the one form in which an address is stored, looked up and compared:
// trimmed, then NFKC_Casefold as Unicode defines it (NFKC, full case folding, NFKC again), so
// compatibility characters and case variants name one account: "\u212Aim@x.ch" (Kelvin sign),
// "ＫＩＭ@x.ch" (full width) and "kim@x.ch" are the same, and so are "Straße" and "strasse".
// A Caser keeps state, so each call makes its own.
func NormalizeEmail(s string) string {
	s = norm.NFKC.String(strings.TrimSpace(s))
	return norm.NFKC.String(cases.Fold().String(s))
}

func validEmail(email string) bool {
	if email == "" || len(email) > MaxEmailLen {
		return false
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || a.Name != "" {
		return false
	}
	_, domain, ok := strings.Cut(email, "@")
	return ok && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// Cross-script lookalikes: normalisation cannot make "pаypal" (with a Cyrillic а) equal to
// "paypal", so such addresses are refused instead. The local part and every label of the
// domain must each be written in one script, or in one of the combinations Unicode's
// "highly restrictive" profile (UTS #39, 5.2) allows for Chinese, Japanese and Korean with
// Latin. Digits and punctuation belong to every script. An address wholly in another script
// ("иван@пример.рф") is accepted: it is a real address, and it cannot collide with a Latin one
// by accident, only look like one, which is the domain owner's concern as for any e-mail.
var allowedScriptSets = [][]*unicode.RangeTable{
	{unicode.Latin, unicode.Han, unicode.Hiragana, unicode.Katakana},
	{unicode.Latin, unicode.Han, unicode.Bopomofo},
	{unicode.Latin, unicode.Han, unicode.Hangul},
}

// singleScript reports whether the letters of part come from one script or an allowed set.
func singleScript(part string) bool {
	var used []*unicode.RangeTable
	for _, r := range part {
		if !unicode.IsLetter(r) || unicode.In(r, unicode.Common, unicode.Inherited) {
			continue
		}
		t := scriptOf(r)
		if t == nil {
			return false // a letter of no known script
		}
		if !containsTable(used, t) {
			used = append(used, t)
		}
	}
	if len(used) <= 1 {
		return true
	}
	for _, set := range allowedScriptSets {
		if subset(used, set) {
			return true
		}
	}
	return false
}

func scriptOf(r rune) *unicode.RangeTable {
	if r < 0x80 || unicode.Is(unicode.Latin, r) {
		return unicode.Latin
	}
	for _, t := range unicode.Scripts {
		if unicode.Is(t, r) {
			return t
		}
	}
	return nil
}

func containsTable(ts []*unicode.RangeTable, t *unicode.RangeTable) bool {
	for _, u := range ts {
		if u == t {
			return true
		}
	}
	return false
}

func subset(a, b []*unicode.RangeTable) bool {
	for _, t := range a {
		if !containsTable(b, t) {
			return false
		}
	}
	return true
}

// mixesScripts reports whether the local part or a domain label of email mixes scripts.
func mixesScripts(email string) bool {
	local, domain, _ := strings.Cut(email, "@")
	if !singleScript(local) {
		return true
	}
	for _, label := range strings.Split(domain, ".") {
		if !singleScript(label) {
			return true
		}
	}
	return false
}
