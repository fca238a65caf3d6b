// Package notify tells members what happens to their bookings, sessions and orders: it turns
// the domains' events (booking.Event, schedule's session changes, billing's paid orders) into
// mail in the member's language (en or de-CH), written to the mail outbox inside the
// transaction of the change. It also serves each member's private iCalendar feed and the .ics
// of a session.
//
// Optional kinds (OptionalKinds) can be turned off per member; receipts and account mail cannot.
package notify

// Kinds of notification mail.
const (
	KindBookingConfirmed = "booking_confirmed"
	KindWaitlistPromoted = "waitlist_promoted"
	KindBookingCancelled = "booking_cancelled"
	KindSessionChanged   = "session_changed"
	KindPaymentReceipt   = "payment_receipt"
)

// OptionalKinds are the kinds a member may turn off, in the order the profile page lists them.
var OptionalKinds = []string{KindBookingConfirmed, KindWaitlistPromoted, KindBookingCancelled, KindSessionChanged}

func optional(kind string) bool {
	for _, k := range OptionalKinds {
		if k == kind {
			return true
		}
	}
	return false
}

// Preferences says, per optional kind, whether the member gets it.
type Preferences map[string]bool

// Club is the seller on receipts and the name on calendars.
type Club struct {
	Name    string
	Address string // lines separated by "\n"
	VATLine string // e.g. "MWST-Nr. CHE-123.456.789 MWST"; empty: none
}

// FeedState is whether the member has a calendar feed, without its URL (shown once).
type FeedState struct {
	Active    bool    `json:"active"`
	CreatedAt *string `json:"created_at"`
}

// FeedURL is the answer to creating a feed: the private URL, shown this once.
type FeedURL struct {
	URL string `json:"url"`
}
