package notify

import (
	"fmt"
	"strings"
	"time"

	"github.com/trainingclub/platform/backend/internal/auth"
)

// words holds the sentences of the notifications in both languages; %s/%d placeholders are
// filled in by the service.
var words = map[string]map[string]string{
	auth.LocaleEN: {
		"booked.subject":     "Booked: %s on %s",
		"booked.body":        "Your seat in %s is booked: %s, room %s, with %s.",
		"promoted.subject":   "You're in: %s on %s",
		"promoted.body":      "A seat came free and you moved up from the waitlist: %s, %s, room %s.",
		"ics":                "The calendar entry is attached.",
		"cancelled.subject":  "Cancelled: %s on %s",
		"cancelled.member":   "Your booking of %s on %s is cancelled.",
		"cancelled.late":     "Your booking of %s on %s is cancelled. The cancellation came after the cutoff (%s), so it counts as a late cancellation.",
		"cancelled.session":  "We are sorry: the club cancelled %s on %s.",
		"cancelled.waitlist": "Your waitlist place for %s on %s is cancelled.",
		"credits.back":       "%s returned to your account.",
		"credits.forfeit":    "%s forfeited.",
		"credits.none":       "Your membership covered this class; nothing was charged.",
		"changed.subject":    "Changed: %s on %s",
		"changed.body":       "The club changed a class you booked. It is now on %s in room %s (before: %s, room %s).",
		"changed.trainer":    "Your trainer is now %s.",
		"receipt.subject":    "Receipt for order %d",
		"receipt.body":       "Thank you for your payment. Order %d: %s, %s, paid on %s.",
		"receipt.seller":     "Seller: %s",
		"prefs":              "You can turn these messages off on your profile page.",
		"open":               "Open my bookings",
		"credit.one":         "1 credit was",
		"credit.other":       "%d credits were",
		"vat":                "%s",
	},
	auth.LocaleDE: {
		"booked.subject":     "Gebucht: %s am %s",
		"booked.body":        "Dein Platz in %s ist gebucht: %s, Raum %s, mit %s.",
		"promoted.subject":   "Du bist dabei: %s am %s",
		"promoted.body":      "Ein Platz wurde frei und du bist von der Warteliste nachgerückt: %s, %s, Raum %s.",
		"ics":                "Der Kalendereintrag ist angehängt.",
		"cancelled.subject":  "Storniert: %s am %s",
		"cancelled.member":   "Deine Buchung von %s am %s ist storniert.",
		"cancelled.late":     "Deine Buchung von %s am %s ist storniert. Die Stornierung kam nach der Frist (%s) und gilt als späte Stornierung.",
		"cancelled.session":  "Es tut uns leid: Der Club hat %s am %s abgesagt.",
		"cancelled.waitlist": "Dein Wartelistenplatz für %s am %s ist storniert.",
		"credits.back":       "%s deinem Konto gutgeschrieben.",
		"credits.forfeit":    "%s verfallen.",
		"credits.none":       "Dein Abo deckte diese Lektion; es wurde nichts belastet.",
		"changed.subject":    "Geändert: %s am %s",
		"changed.body":       "Der Club hat eine Lektion geändert, die du gebucht hast. Sie findet neu am %s in Raum %s statt (vorher: %s, Raum %s).",
		"changed.trainer":    "Deine Trainerin oder dein Trainer ist neu %s.",
		"receipt.subject":    "Quittung für Bestellung %d",
		"receipt.body":       "Vielen Dank für deine Zahlung. Bestellung %d: %s, %s, bezahlt am %s.",
		"receipt.seller":     "Verkäufer: %s",
		"prefs":              "Du kannst diese Nachrichten auf deiner Profilseite abbestellen.",
		"open":               "Meine Buchungen öffnen",
		"credit.one":         "1 Guthaben wurde",
		"credit.other":       "%d Guthaben wurden",
		"vat":                "%s",
	},
}

func say(locale, key string, args ...any) string {
	w, ok := words[locale]
	if !ok {
		w = words[auth.LocaleEN]
	}
	return fmt.Sprintf(w[key], args...)
}

func credits(locale string, n int) string {
	if n == 1 {
		return say(locale, "credit.one")
	}
	return say(locale, "credit.other", n)
}

var (
	deWeekdays = []string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"}
	deMonths   = []string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}
)

// when formats t in the club's time zone for locale: "Tuesday, 1 December 2026, 18:00" or
// "Dienstag, 1. Dezember 2026, 18:00".
func when(locale string, t time.Time, loc *time.Location) string {
	t = t.In(loc)
	if locale == auth.LocaleDE {
		return fmt.Sprintf("%s, %d. %s %d, %s", deWeekdays[t.Weekday()], t.Day(), deMonths[t.Month()-1], t.Year(), t.Format("15:04"))
	}
	return t.Format("Monday, 2 January 2006, 15:04")
}

// day formats the date only ("1 December 2026" / "1. Dezember 2026").
func day(locale string, t time.Time, loc *time.Location) string {
	t = t.In(loc)
	if locale == auth.LocaleDE {
		return fmt.Sprintf("%d. %s %d", t.Day(), deMonths[t.Month()-1], t.Year())
	}
	return t.Format("2 January 2006")
}

// chf formats Rappen as "CHF 1,200.00" (en) or "CHF 1’200.00" (de-CH).
func chf(locale string, rappen int64) string {
	sep := ","
	if locale == auth.LocaleDE {
		sep = "’"
	}
	neg := rappen < 0
	if neg {
		rappen = -rappen
	}
	whole := fmt.Sprint(rappen / 100)
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	sign := ""
	if neg {
		sign = "-"
	}
	return fmt.Sprintf("CHF %s%s.%02d", sign, b.String(), rappen%100)
}
