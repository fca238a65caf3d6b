package notify

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/booking"
	"github.com/trainingclub/platform/backend/internal/mail"
	"github.com/trainingclub/platform/backend/internal/schedule"
	"github.com/trainingclub/platform/backend/internal/web"
)

// ErrFeedNotFound answers an unknown or revoked feed token.
var ErrFeedNotFound = apperr.NotFound("calendar feed")

// feedSize is how many of the member's latest bookings the feed lists.
const feedSize = 200

func (s *Service) event(uid string, sess schedule.Session, cancelled bool, seq int) CalEvent {
	desc := ""
	if sess.TrainerName != "" {
		desc = "Trainer: " + sess.TrainerName
	}
	return CalEvent{UID: uid, Start: sess.StartsAt, End: sess.EndsAt, Summary: className(sess), Location: sess.Room,
		Description: desc, URL: s.publicURL + "/sessions/" + strconv.FormatUint(sess.ID, 10),
		Cancelled: cancelled || sess.Status == schedule.StatusCancelled, Sequence: seq, Stamp: s.now()}
}

// bookingUID is the UID of a booking's event: the same in mail attachments and the feed.
func (s *Service) bookingUID(id uint64) string { return fmt.Sprintf("booking-%d@%s", id, s.host) }

func (s *Service) bookingICS(b booking.Booking, sess schedule.Session, cancelled bool) mail.Attachment {
	ev := s.event(s.bookingUID(b.ID), sess, cancelled, sequence(s.now()))
	return mail.Attachment{Name: "class.ics", ContentType: "text/calendar; charset=utf-8; method=PUBLISH",
		Data: Calendar(s.club.Name, s.loc, []CalEvent{ev})}
}

// bookingSequence grows with each change of the booking (booked, promoted, cancelled).
func bookingSequence(b booking.Booking) int {
	t := b.CreatedAt
	for _, x := range []*time.Time{b.BookedAt, b.CancelledAt} {
		if x != nil && x.After(t) {
			t = *x
		}
	}
	return sequence(t)
}

// Feed is the iCalendar of the member owning token: their latest bookings, cancelled ones as
// STATUS:CANCELLED (waitlist places that never got a seat are left out).
func (s *Service) Feed(ctx context.Context, token string) ([]byte, error) {
	uid, ok, err := s.st.feedUser(ctx, token)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrFeedNotFound
	}
	list, _, err := s.bookings.Mine(ctx, uid, "", web.Page{Number: 1, PerPage: feedSize})
	if err != nil {
		return nil, err
	}
	events := make([]CalEvent, 0, len(list))
	for _, b := range list {
		if b.Session == nil || b.Status == booking.StatusWaitlisted || (b.BookedAt == nil && b.CancelledAt != nil) {
			continue
		}
		cancelled := b.Status == booking.StatusCancelled || b.Status == booking.StatusLateCancelled || b.Status == booking.StatusSessionCancelled
		events = append(events, s.event(s.bookingUID(b.ID), *b.Session, cancelled, bookingSequence(b)))
	}
	return Calendar(s.club.Name, s.loc, events), nil
}

// SessionICS is the .ics download of one session (UID per session).
func (s *Service) SessionICS(ctx context.Context, id uint64) ([]byte, error) {
	sess, err := s.sessions.Session(ctx, id)
	if err != nil {
		return nil, err
	}
	ev := s.event(fmt.Sprintf("session-%d@%s", sess.ID, s.host), sess, false, sequence(s.now()))
	return Calendar(s.club.Name, s.loc, []CalEvent{ev}), nil
}

// CreateFeed gives the member a new private feed URL (shown this once; only its hash is
// kept). An older URL stops working.
func (s *Service) CreateFeed(ctx context.Context, userID uint64) (FeedURL, error) {
	token := auth.NewToken()
	if err := s.st.replaceFeed(ctx, userID, token); err != nil {
		return FeedURL{}, fmt.Errorf("create calendar feed of user %d: %w", userID, err)
	}
	return FeedURL{URL: s.publicURL + "/api/calendar/" + token + ".ics"}, nil
}

// RevokeFeed ends the member's feed URL.
func (s *Service) RevokeFeed(ctx context.Context, userID uint64) error {
	return s.st.deleteFeed(ctx, userID)
}

// FeedState says whether the member has a feed.
func (s *Service) FeedState(ctx context.Context, userID uint64) (FeedState, error) {
	f, err := s.st.feedOf(ctx, userID)
	if err != nil || f == nil {
		return FeedState{}, err
	}
	at := f.CreatedAt.UTC().Format(time.RFC3339)
	return FeedState{Active: true, CreatedAt: &at}, nil
}

// Preferences returns, per optional kind, whether the member gets it.
func (s *Service) Preferences(ctx context.Context, userID uint64) (Preferences, error) {
	off, err := s.st.optOuts(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("preferences of user %d: %w", userID, err)
	}
	p := Preferences{}
	for _, k := range OptionalKinds {
		p[k] = true
	}
	for _, k := range off {
		if _, ok := p[k]; ok {
			p[k] = false
		}
	}
	return p, nil
}

// SetPreferences turns optional kinds on or off; other kinds are refused.
func (s *Service) SetPreferences(ctx context.Context, userID uint64, in Preferences) (Preferences, error) {
	var v apperr.Validation
	for k := range in {
		v.Check(optional(k), k, "is not a notification you can turn off")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	for k, on := range in {
		if err := s.st.setPreference(ctx, userID, k, on); err != nil {
			return nil, fmt.Errorf("set preference %s of user %d: %w", k, userID, err)
		}
	}
	return s.Preferences(ctx, userID)
}
