// Package booking owns bookings: booking a seat or a waitlist place, cancelling (credit
// returned before the session's cutoff, forfeited after it), promotion from the waitlist,
// cancelling a whole session, the trainer's roster and check-in.
//
// # Invariants
//
//  1. booked_count of a session equals its booked and checked-in bookings, and never exceeds
//     its capacity (a CHECK on class_sessions refuses it as well); waitlist_count equals its
//     waitlisted bookings.
//  2. A member holds at most one active booking (booked, waitlisted, checked in) per session
//     (unique key uq_bookings_active).
//  3. A new booking gets a waitlist place only when the session is full; waitlisted bookings
//     are promoted in id order (skipping members who can no longer pay, who keep their place),
//     and the position a member is told is the number of waitlisted bookings with an id up to
//     theirs.
//  4. A seat is paid exactly once (conditional UPDATE on the entitlement) and refunded at most
//     once (only the UPDATE that moves a booking out of booked/checked_in refunds).
//
// # Booking under a rush (Book)
//
// Everyone booking one session needs its row, so the work done while holding the row lock is
// what a rush waits for; and on a small machine every statement of every request costs the
// same cores. Book therefore reads and writes nothing itself: it queues the member for the
// session's next batch (book_batch.go) and waits for the outcome. One batch at a time per
// session and process; the bookings that arrive while a batch is written form the next one, so
// a rush of N members takes the lock and commits a few times instead of N times, and runs a few
// statements per batch plus a few per seat instead of several per member.
//
// A batch is one transaction at READ COMMITTED, its members in arrival order:
//
//   - Lock the session row (LockSessionTx) and judge the session (cancelled, started, not open
//     yet): that reason is every member's error, and nothing is written.
//   - One SELECT finds the members who already hold an active booking of the session: they, and
//     a member's second request within the batch, get ErrAlreadyBooked. Under the lock this is
//     exact, since every new booking is inserted under it; uq_bookings_active still backs it.
//   - Two SELECTs (membership.CanChargeEachTx, the set form of CanChargeTx) find who has
//     something that could pay; the others get ErrNoEntitlement.
//   - While the free seats read under the lock last, the next member is charged (ChargeTx, behind
//     a SAVEPOINT): one whose payment fails gets that error, and the seat goes to the next
//     member. Once the seats are gone, the members left get waitlist places, numbered in batch
//     order after the session's waitlist_count. Nothing is charged for them until promotion.
//   - One UPDATE adds the seats and places to the counters, one INSERT writes the batch's
//     bookings in batch order (their ids read back), the hooks write the confirmations' outbox
//     rows, one commit.
//
// Seats are counted from the counters read under the lock, in the transaction that pays for
// them (invariants 1 and 4); a place is given only once the seats are gone (invariant 3). Under
// the lock, positions and ids both follow batch order and batches follow lock order, so ids
// follow positions (invariant 3). A batch that fails because of one member's part (the
// one-active-booking key refused a row, a hook refused a confirmation) is tried member by
// member, so that the error stays that member's; any other error is the whole batch's. A panic
// while writing a batch fails its members, not the process. Across replicas, each process
// batches its own requests and the row lock orders the batches. Every other path that changes
// seats (cancel, promotion, capacity changes, cancelling a session) also locks the session row
// first (LockSessionTx) and changes the counters under it.
//
// No-shows are computed on read: a booking still "booked" (never checked in) when its session
// has ended is reported as "no_show". Nothing sweeps the table.
package booking
