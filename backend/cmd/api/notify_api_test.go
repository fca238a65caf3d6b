package main

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

// parseICS parses body with a real iCalendar parser and fails the test on any error.
func parseICS(t *testing.T, body []byte) *ics.Calendar {
	t.Helper()
	cal, err := ics.ParseCalendar(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("parse calendar: %v\n%s", err, body)
	}
	return cal
}

func eventByUID(t *testing.T, cal *ics.Calendar, uid string) *ics.VEvent {
	t.Helper()
	for _, e := range cal.Events() {
		if e.Id() == uid {
			return e
		}
	}
	t.Fatalf("no event %s in the calendar", uid)
	return nil
}

func prop(e *ics.VEvent, p ics.ComponentProperty) string {
	if v := e.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

// mailTo is the newest message to addr once there are n, with its text.
func mailTo(t *testing.T, mp testenv.Mailpit, addr string, n int) testenv.MailMessage {
	t.Helper()
	return mp.Message(t, mp.WaitTo(t, addr, n)[0].ID)
}

func wantText(t *testing.T, m testenv.MailMessage, parts ...string) {
	t.Helper()
	for _, p := range append([]string{}, parts...) {
		if !strings.Contains(m.Subject+"\n"+m.Text, p) {
			t.Errorf("%q lacks %q:\n%s", m.Subject, p, m.Text)
		}
	}
}

type langCase struct {
	locale                                                string
	booked, cancelled, returned, promoted, changed, late  string
	forfeited, clubCancelled, receipt, chf, prefsFootnote string
	newTrainer                                            string
}

var langCases = []langCase{
	{locale: "en", booked: "Booked: ", cancelled: "Cancelled: ", returned: "1 credit was returned", promoted: "You're in: ",
		changed: "Changed: ", late: "late cancellation", forfeited: "1 credit was forfeited", clubCancelled: "the club cancelled",
		receipt: "Receipt for order", chf: "CHF 1,200.00", prefsFootnote: "turn these messages off", newTrainer: "Your trainer is now"},
	{locale: "de", booked: "Gebucht: ", cancelled: "Storniert: ", returned: "1 Guthaben wurde deinem Konto gutgeschrieben", promoted: "Du bist dabei: ",
		changed: "Geändert: ", late: "späte Stornierung", forfeited: "1 Guthaben wurde verfallen", clubCancelled: "Der Club hat",
		receipt: "Quittung für Bestellung", chf: "CHF 1’200.00", prefsFootnote: "abbestellen", newTrainer: "Deine Trainerin oder dein Trainer ist neu"},
}

func TestNotificationsAreMailedOnceInTheMembersLanguage(t *testing.T) {
	a, mp := newMailAPI(t)
	admin := a.createUser(t, auth.RoleAdmin)
	trainer := a.createUser(t, auth.RoleTrainer)
	substitute := a.createUser(t, auth.RoleTrainer)
	ct := a.mkClassType(t, admin, 1)
	pack := a.mkPack(t, admin, 10)
	for _, lc := range langCases {
		t.Run(lc.locale, func(t *testing.T) {
			m := a.createUser(t, auth.RoleMember)
			w := a.createUser(t, auth.RoleMember)
			for _, u := range []testUser{m, w} {
				if r := a.call(t, http.MethodPatch, "/api/me", u.Token, map[string]any{"locale": lc.locale}); r.Status != http.StatusOK || r.JSON(t)["locale"] != lc.locale {
					t.Fatalf("set locale: %d %s", r.Status, r.Body)
				}
				a.grant(t, admin, u.ID, pack)
			}
			// Booking confirmed, with the .ics of the booking.
			s1 := a.mkSession(t, trainer.Token, ct, trainer.ID, sessionOpts{startsIn: 48 * time.Hour, capacity: 1, cutoff: 60})
			b := a.book(t, m, s1)
			conf := mailTo(t, mp, m.Email, 1)
			wantText(t, conf, lc.booked, "Studio 1", lc.prefsFootnote)
			if len(conf.Attachments) != 1 || conf.Attachments[0].FileName != "class.ics" {
				t.Fatalf("confirmation attachments: %+v", conf.Attachments)
			}
			ev := eventByUID(t, parseICS(t, mp.Part(t, conf.ID, conf.Attachments[0].PartID)), path("booking-%d@club.example.test", b.ID))
			if prop(ev, ics.ComponentPropertyStatus) != "CONFIRMED" || ev.GetProperty(ics.ComponentPropertyDtStart).ICalParameters["TZID"][0] != "Europe/Zurich" {
				t.Errorf("event: status %q dtstart %+v", prop(ev, ics.ComponentPropertyStatus), ev.GetProperty(ics.ComponentPropertyDtStart))
			}
			// w waits; m cancels in time (credit back); w moves up.
			if wb := a.book(t, w, s1); wb.Status != "waitlisted" {
				t.Fatalf("second booking %s", wb.Status)
			}
			if r := a.call(t, http.MethodPost, path("/api/bookings/%d/cancel", b.ID), m.Token, nil); r.Status != http.StatusOK {
				t.Fatalf("cancel: %d %s", r.Status, r.Body)
			}
			wantText(t, mailTo(t, mp, m.Email, 2), lc.cancelled, lc.returned)
			wantText(t, mailTo(t, mp, w.Email, 1), lc.promoted)
			// The club moves the class to another room: the member holding the seat hears.
			if r := a.call(t, http.MethodPatch, path("/api/sessions/%d", s1), admin.Token, map[string]any{"room": "Studio 9"}); r.Status != http.StatusOK {
				t.Fatalf("move room: %d %s", r.Status, r.Body)
			}
			wantText(t, mailTo(t, mp, w.Email, 2), lc.changed, "Studio 9", "Studio 1")
			// Another trainer takes the class over (as when a trainer's account is erased).
			if r := a.call(t, http.MethodPatch, path("/api/sessions/%d", s1), admin.Token, map[string]any{"trainer_id": substitute.ID}); r.Status != http.StatusOK {
				t.Fatalf("reassign: %d %s", r.Status, r.Body)
			}
			wantText(t, mailTo(t, mp, w.Email, 3), lc.changed, lc.newTrainer)
			// A late cancellation forfeits the credit.
			s2 := a.mkSession(t, trainer.Token, ct, trainer.ID, sessionOpts{startsIn: 30 * time.Minute, capacity: 5, cutoff: 60})
			b2 := a.book(t, m, s2)
			mailTo(t, mp, m.Email, 3)
			a.call(t, http.MethodPost, path("/api/bookings/%d/cancel", b2.ID), m.Token, nil)
			wantText(t, mailTo(t, mp, m.Email, 4), lc.cancelled, lc.late, lc.forfeited)
			// The club cancels a session: credit back.
			s3 := a.mkSession(t, trainer.Token, ct, trainer.ID, sessionOpts{startsIn: 72 * time.Hour, capacity: 5, cutoff: 60})
			a.book(t, m, s3)
			mailTo(t, mp, m.Email, 5)
			if r := a.call(t, http.MethodPost, path("/api/sessions/%d/cancel", s3), admin.Token, nil); r.Status != http.StatusOK {
				t.Fatalf("cancel session: %d %s", r.Status, r.Body)
			}
			wantText(t, mailTo(t, mp, m.Email, 6), lc.cancelled, lc.clubCancelled, lc.returned)
			// Payment receipt with the club's details.
			order, pi := seedOrder(t, m.ID, pack, 120000)
			if r := a.postWebhook(t, stripeEvent("payment_intent.succeeded", order, pi, 120000), testWebhookSecret, time.Now()); r.Status != http.StatusOK {
				t.Fatalf("webhook: %d %s", r.Status, r.Body)
			}
			rec := mailTo(t, mp, m.Email, 7)
			wantText(t, rec, lc.receipt, path("%d", order), "Test plan", lc.chf, "Training Club Zürich", "Seestrasse 1", "8002 Zürich", "MWST-Nr. CHE-123.456.789 MWST")
			if strings.Contains(rec.Text, lc.prefsFootnote) {
				t.Errorf("a receipt cannot be turned off, yet says so")
			}
			// Nothing else arrived (each kind exactly once).
			mp.WaitTo(t, m.Email, 7)
			mp.WaitTo(t, w.Email, 3)
		})
	}
}

// classWithMember creates a trainer, a class type costing one credit and a member holding a
// 10-credit pack: what the tests of booking mails and feeds start from.
func (a *api) classWithMember(t *testing.T) (trainer, member testUser, classType uint64) {
	t.Helper()
	admin, trainer, member := a.createOneOfEachRole(t)
	a.grant(t, admin, member.ID, a.mkPack(t, admin, 10))
	return trainer, member, a.mkClassType(t, admin, 1)
}

func TestOptedOutKindsAreNotMailed(t *testing.T) {
	a, mp := newMailAPI(t)
	trainer, m, ct := a.classWithMember(t)
	r := a.call(t, http.MethodGet, "/api/me/notifications", m.Token, nil)
	if r.Status != http.StatusOK || r.JSON(t)["booking_confirmed"] != true {
		t.Fatalf("defaults: %d %s", r.Status, r.Body)
	}
	if r := a.call(t, http.MethodPatch, "/api/me/notifications", m.Token, map[string]any{"payment_receipt": false}); r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("receipts cannot be turned off: %d %s", r.Status, r.Body)
	}
	r = a.call(t, http.MethodPatch, "/api/me/notifications", m.Token, map[string]any{"booking_confirmed": false})
	if r.Status != http.StatusOK || r.JSON(t)["booking_confirmed"] != false || r.JSON(t)["booking_cancelled"] != true {
		t.Fatalf("opt out: %d %s", r.Status, r.Body)
	}
	s := a.mkSession(t, trainer.Token, ct, trainer.ID, sessionOpts{startsIn: 48 * time.Hour, capacity: 5, cutoff: 60})
	b := a.book(t, m, s)
	a.call(t, http.MethodPost, path("/api/bookings/%d/cancel", b.ID), m.Token, nil)
	got := mailTo(t, mp, m.Email, 1) // the cancellation only
	wantText(t, got, "Cancelled: ")
}

func TestCalendarFeedImportsBookingsAndShowsCancellations(t *testing.T) {
	a, _ := newMailAPI(t)
	trainer, m, ct := a.classWithMember(t)
	kept := a.book(t, m, a.mkSession(t, trainer.Token, ct, trainer.ID, sessionOpts{startsIn: 48 * time.Hour, capacity: 5, cutoff: 60}))
	s2 := a.mkSession(t, trainer.Token, ct, trainer.ID, sessionOpts{startsIn: 72 * time.Hour, capacity: 5, cutoff: 60})
	dropped := a.book(t, m, s2)
	a.call(t, http.MethodPost, path("/api/bookings/%d/cancel", dropped.ID), m.Token, nil)

	if r := a.call(t, http.MethodGet, "/api/me/calendar-feed", m.Token, nil); r.JSON(t)["active"] != false {
		t.Fatalf("feed before creation: %s", r.Body)
	}
	r := a.call(t, http.MethodPost, "/api/me/calendar-feed", m.Token, nil)
	if r.Status != http.StatusCreated {
		t.Fatalf("create feed: %d %s", r.Status, r.Body)
	}
	url := r.JSON(t)["url"].(string)
	feedPath := strings.TrimPrefix(url, "https://club.example.test")
	get := func() (int, []byte, string) {
		resp, err := apiClient.Get(a.base + feedPath)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, body, resp.Header.Get("Content-Type")
	}
	status, body, ctype := get()
	if status != http.StatusOK || !strings.HasPrefix(ctype, "text/calendar") {
		t.Fatalf("feed: %d %s", status, ctype)
	}
	cal := parseICS(t, body)
	if len(cal.Events()) != 2 {
		t.Fatalf("%d events, want 2:\n%s", len(cal.Events()), body)
	}
	if s := prop(eventByUID(t, cal, path("booking-%d@club.example.test", kept.ID)), ics.ComponentPropertyStatus); s != "CONFIRMED" {
		t.Errorf("kept booking %s", s)
	}
	cancelled := eventByUID(t, cal, path("booking-%d@club.example.test", dropped.ID))
	if s := prop(cancelled, ics.ComponentPropertyStatus); s != "CANCELLED" {
		t.Errorf("cancelled booking %s", s)
	}
	start, err := cancelled.GetStartAt()
	want := dbValue[time.Time](t, "SELECT starts_at FROM class_sessions WHERE id = ?", s2)
	if err != nil || !start.Equal(want.Truncate(time.Second)) {
		t.Errorf("start %v (%v), session starts %v", start, err, want)
	}
	if !bytes.Contains(body, []byte("BEGIN:VTIMEZONE\r\nTZID:Europe/Zurich")) {
		t.Error("no VTIMEZONE for Europe/Zurich")
	}
	// The per-session download parses too.
	resp, err := apiClient.Get(a.base + path("/api/sessions/%d/calendar.ics", s2))
	if err != nil {
		t.Fatal(err)
	}
	one, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	eventByUID(t, parseICS(t, one), path("session-%d@club.example.test", s2))
	// Revoked: the URL stops working.
	if r := a.call(t, http.MethodDelete, "/api/me/calendar-feed", m.Token, nil); r.Status != http.StatusNoContent {
		t.Fatalf("revoke: %d", r.Status)
	}
	if status, _, _ := get(); status != http.StatusNotFound {
		t.Fatalf("revoked feed: %d", status)
	}
}
