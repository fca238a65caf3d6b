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
// what a rush waits for. Book runs at READ COMMITTED and takes that lock as late as it can:
//
//   - Without the lock: read the session and judge it (cancelled, started, not open yet) and
//     refuse a duplicate.
//   - A seat, while the session looks not full: one conditional UPDATE counts the seat only if
//     the session is still bookable and not full (TakeSeatTx, the lock from here on); then the
//     payment (the member's own entitlement rows), the INSERT of the booking (its foreign key
//     would take a shared lock on the session row, which is why it comes after the UPDATE and
//     not before), the confirmation's outbox row, and the commit. A member who finds no seat has
//     written nothing and undoes nothing: most of a rush pays nothing.
//   - A waitlist place, when the session is full and the member could pay (nothing is charged
//     until promotion): the transaction ends without writing, and the member joins this
//     process's queue of waitlist joins for the session (waitlist_join.go). One batch at a time
//     per session: a conditional UPDATE counts every place of the batch only if the session is
//     still full (JoinWaitlistTx, returning the new waitlist_count through LAST_INSERT_ID), one
//     INSERT writes the batch's bookings in queue order, one commit. Joins that arrive meanwhile
//     form the next batch, so a rush of N waitlisters takes the lock a few times instead of N.
//     Under the lock, positions and ids both follow batch order and batches follow lock order,
//     so ids follow positions (invariant 3). A batch that hits the one-active-booking key (a
//     member's second request) is retried member by member, so the error stays that member's.
//   - When the conditional UPDATE of either path does not match although the session looked
//     bookable, the session changed under us (a seat freed, cancelled, started): Book starts
//     again from the top, a bounded number of times.
//
// At READ COMMITTED InnoDB releases the lock of a row an UPDATE did not change as soon as its
// WHERE was judged, so a failed seat attempt does not hold the row. Every other path that
// changes seats (cancel, promotion, capacity changes, cancelling a session) still locks the
// session row first (LockSessionTx) and changes the counters under it.
//
// No-shows are computed on read: a booking still "booked" (never checked in) when its session
// has ended is reported as "no_show". Nothing sweeps the table.
package booking
