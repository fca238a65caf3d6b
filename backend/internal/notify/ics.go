package notify

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// CalEvent is one VEVENT.
type CalEvent struct {
	UID         string
	Start, End  time.Time
	Summary     string
	Location    string
	Description string
	URL         string
	Cancelled   bool
	Sequence    int
	Stamp       time.Time
}

// Zurich is the club's time zone; every event is written in it, with its VTIMEZONE.
const Zurich = "Europe/Zurich"

// vtimezone describes Europe/Zurich (CET/CEST, EU rules since 1996) for clients that do not
// resolve TZIDs themselves.
const vtimezone = "BEGIN:VTIMEZONE\r\nTZID:Europe/Zurich\r\nX-LIC-LOCATION:Europe/Zurich\r\n" +
	"BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19810329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n" +
	"BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19961027T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n" +
	"END:VTIMEZONE\r\n"

// Calendar writes an RFC 5545 calendar of events named name. loc must be Europe/Zurich.
func Calendar(name string, loc *time.Location, events []CalEvent) []byte {
	var b strings.Builder
	line := func(s string) { b.WriteString(fold(s)) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Training Club//Bookings//EN")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + escape(name))
	line("X-WR-TIMEZONE:" + Zurich)
	b.WriteString(vtimezone)
	for _, e := range events {
		line("BEGIN:VEVENT")
		line("UID:" + escape(e.UID))
		line("DTSTAMP:" + e.Stamp.UTC().Format("20060102T150405Z"))
		line("SEQUENCE:" + strconv.Itoa(e.Sequence))
		line("DTSTART;TZID=" + Zurich + ":" + e.Start.In(loc).Format("20060102T150405"))
		line("DTEND;TZID=" + Zurich + ":" + e.End.In(loc).Format("20060102T150405"))
		line("SUMMARY:" + escape(e.Summary))
		if e.Location != "" {
			line("LOCATION:" + escape(e.Location))
		}
		if e.Description != "" {
			line("DESCRIPTION:" + escape(e.Description))
		}
		if e.URL != "" {
			line("URL:" + e.URL)
		}
		if e.Cancelled {
			line("STATUS:CANCELLED")
		} else {
			line("STATUS:CONFIRMED")
		}
		line("TRANSP:OPAQUE")
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return []byte(b.String())
}

// escape quotes TEXT values (RFC 5545 3.3.11).
func escape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// fold ends a content line with CRLF, folding it at 75 octets without splitting a character.
func fold(s string) string {
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut] + "\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s + "\r\n")
	return b.String()
}

// sequence is a SEQUENCE number that grows with t (seconds since 2025), so a later version of
// an event replaces an earlier one in calendar clients.
func sequence(t time.Time) int {
	return max(0, int(t.Unix()-1735689600))
}
