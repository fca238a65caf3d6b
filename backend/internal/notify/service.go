package notify

import (
	"context"
	"errors"
	"log/slog"
	"net/url"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Zurich also in images without a zoneinfo database

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/billing"
	"github.com/trainingclub/platform/backend/internal/booking"
	"github.com/trainingclub/platform/backend/internal/mail"
	"github.com/trainingclub/platform/backend/internal/schedule"
)

// Service writes notification mail and serves calendars.
type Service struct {
	st        store
	outbox    *mail.Outbox
	bookings  *booking.Service
	sessions  *schedule.Service
	publicURL string
	host      string // right-hand side of calendar UIDs
	club      Club
	loc       *time.Location
	log       *slog.Logger
	now       func() time.Time
}

// Options configure the service.
type Options struct {
	PublicURL string // the frontend, for links; its host names calendar UIDs
	Club      Club
	Log       *slog.Logger
}

// NewService builds the notifier; register its hooks while wiring (Booking on
// booking.Service.OnEvent, SessionChanged on schedule.Service.OnSessionChanged, OrderPaid as
// billing's OnPaid).
func NewService(db *gorm.DB, outbox *mail.Outbox, bookings *booking.Service, sessions *schedule.Service, o Options) *Service {
	host := "trainingclub.invalid"
	if u, err := url.Parse(o.PublicURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	log := o.Log
	if log == nil {
		log = slog.Default()
	}
	loc, err := time.LoadLocation(Zurich) // from the embedded tzdata: does not fail
	if err != nil {
		log.Error("time zone missing; calendars fall back to UTC", "zone", Zurich, "error", err.Error())
		loc = time.UTC
	}
	return &Service{st: store{db: db}, outbox: outbox, bookings: bookings, sessions: sessions, publicURL: strings.TrimRight(o.PublicURL, "/"),
		host: host, club: o.Club, loc: loc, log: log, now: func() time.Time { return time.Now().UTC() }}
}

// recipient reads the member inside tx; ok is false when no mail of kind should go to them
// (erased, or an optional kind they turned off).
func (s *Service) recipient(ctx context.Context, tx *gorm.DB, userID uint64, kind string) (auth.User, bool, error) {
	u, err := auth.NewStore(tx).ByID(ctx, userID)
	if err != nil {
		if errors.Is(err, auth.ErrUserNotFound) {
			return auth.User{}, false, nil
		}
		return auth.User{}, false, err
	}
	if optional(kind) {
		off, err := s.st.optedOut(ctx, tx, userID, kind)
		if err != nil || off {
			return u, false, err
		}
	}
	if u.Locale != auth.LocaleDE {
		u.Locale = auth.LocaleEN
	}
	return u, true, nil
}

func (s *Service) send(ctx context.Context, tx *gorm.DB, kind string, u auth.User, c mail.Content, atts ...mail.Attachment) error {
	c.Greeting = auth.Greeting(u.Locale, u.Name)
	if optional(kind) {
		c.Footer = say(u.Locale, "prefs") + " " + s.publicURL + "/profile"
	}
	id := u.ID
	return s.outbox.EnqueueTx(ctx, tx, mail.Envelope{Kind: kind, UserID: &id, To: u.Email, Locale: u.Locale, Content: c, Attachments: atts})
}

func className(sess schedule.Session) string {
	if sess.ClassType != nil && sess.ClassType.Name != "" {
		return sess.ClassType.Name
	}
	return "Class"
}

// Booking is the booking.EventHook: confirmations, promotions and cancellations.
func (s *Service) Booking(ctx context.Context, tx *gorm.DB, e booking.Event) error {
	if e.Kind == booking.EventCancelled && e.Reason == booking.ReasonAccountDeleted {
		return nil // the account is going; its goodbye mail says the bookings were cancelled
	}
	kind := map[string]string{booking.EventBooked: KindBookingConfirmed, booking.EventPromoted: KindWaitlistPromoted,
		booking.EventCancelled: KindBookingCancelled}[e.Kind]
	u, ok, err := s.recipient(ctx, tx, e.Booking.UserID, kind)
	if err != nil || !ok {
		return err
	}
	l, sess := u.Locale, e.Session
	name, at := className(sess), when(u.Locale, sess.StartsAt, s.loc)
	c := mail.Content{Action: &mail.Action{Label: say(l, "open"), URL: s.publicURL + "/me/bookings"}}
	cancelled := e.Kind == booking.EventCancelled
	switch e.Kind {
	case booking.EventBooked:
		c.Subject = say(l, "booked.subject", name, at)
		c.Paragraphs = []string{say(l, "booked.body", name, at, sess.Room, sess.TrainerName), say(l, "ics")}
	case booking.EventPromoted:
		c.Subject = say(l, "promoted.subject", name, at)
		c.Paragraphs = []string{say(l, "promoted.body", name, at, sess.Room), say(l, "ics")}
	case booking.EventCancelled:
		c.Subject = say(l, "cancelled.subject", name, at)
		c.Paragraphs = s.cancelText(l, e, name, at)
	}
	ics := s.bookingICS(e.Booking, sess, cancelled)
	return s.send(ctx, tx, kind, u, c, ics)
}

func (s *Service) chargeLine(l string, n int, key string) string {
	if n == 0 {
		return say(l, "credits.none")
	}
	return say(l, key, credits(l, n))
}

func (s *Service) cancelText(l string, e booking.Event, name, at string) []string {
	b := e.Booking
	switch {
	case e.Reason == booking.ReasonSessionCancelled:
		p := []string{say(l, "cancelled.session", name, at)}
		if b.CreditsSpent > 0 || b.EntitlementID != nil {
			p = append(p, s.chargeLine(l, b.CreditsRefunded, "credits.back"))
		}
		return p
	case b.Status == booking.StatusCancelled && b.BookedAt == nil:
		return []string{say(l, "cancelled.waitlist", name, at)} // a waitlist place: nothing was charged
	case e.Reason == booking.ReasonLate:
		return []string{say(l, "cancelled.late", name, at, when(l, e.Session.CancellationCutoff(), s.loc)), s.chargeLine(l, b.CreditsSpent, "credits.forfeit")}
	default:
		return []string{say(l, "cancelled.member", name, at), s.chargeLine(l, b.CreditsRefunded, "credits.back")}
	}
}

// SessionChanged is the schedule.SessionChangeHook: members holding a seat or waitlist place
// hear when the time or the room of their class changed.
func (s *Service) SessionChanged(ctx context.Context, tx *gorm.DB, before, after schedule.Session) error {
	trainerChanged := before.TrainerID != after.TrainerID
	if before.StartsAt.Equal(after.StartsAt) && before.EndsAt.Equal(after.EndsAt) && before.Room == after.Room && !trainerChanged {
		return nil
	}
	active, err := s.bookings.ActiveOfTx(ctx, tx, after.ID)
	if err != nil {
		return err
	}
	for _, b := range active {
		u, ok, err := s.recipient(ctx, tx, b.UserID, KindSessionChanged)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		l := u.Locale
		paragraphs := []string{say(l, "changed.body", when(l, after.StartsAt, s.loc), after.Room, when(l, before.StartsAt, s.loc), before.Room)}
		if trainerChanged && after.TrainerName != "" {
			paragraphs = append(paragraphs, say(l, "changed.trainer", after.TrainerName))
		}
		c := mail.Content{
			Subject:    say(l, "changed.subject", className(after), when(l, after.StartsAt, s.loc)),
			Paragraphs: append(paragraphs, say(l, "ics")),
			Action:     &mail.Action{Label: say(l, "open"), URL: s.publicURL + "/me/bookings"},
		}
		if err := s.send(ctx, tx, KindSessionChanged, u, c, s.bookingICS(b, after, false)); err != nil {
			return err
		}
	}
	return nil
}

// OrderPaid is billing's OnPaid hook: the receipt, which cannot be turned off.
func (s *Service) OrderPaid(ctx context.Context, tx *gorm.DB, o billing.Order) error {
	u, ok, err := s.recipient(ctx, tx, o.UserID, KindPaymentReceipt)
	if err != nil || !ok {
		return err
	}
	l := u.Locale
	paid := s.now()
	if o.PaidAt != nil {
		paid = *o.PaidAt
	}
	seller := []string{s.club.Name}
	if s.club.Address != "" {
		seller = append(seller, strings.Split(s.club.Address, "\n")...)
	}
	p := []string{say(l, "receipt.body", o.ID, o.PlanName, chf(l, o.AmountRappen), day(l, paid, s.loc)),
		say(l, "receipt.seller", strings.Join(seller, ", "))}
	if s.club.VATLine != "" {
		p = append(p, s.club.VATLine)
	}
	c := mail.Content{Subject: say(l, "receipt.subject", o.ID), Paragraphs: p,
		Action: &mail.Action{Label: say(l, "open"), URL: s.publicURL + "/me/membership"}}
	return s.send(ctx, tx, KindPaymentReceipt, u, c)
}
