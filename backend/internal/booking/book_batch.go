package booking

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/membership"
	"github.com/trainingclub/platform/backend/internal/platform/database"
	"github.com/trainingclub/platform/backend/internal/schedule"
)

// batchTimeout bounds one batch's transaction; the members in it wait for its outcome.
const batchTimeout = 15 * time.Second

// bookBatches coalesces the bookings of one session that arrive while an earlier batch of them
// is being written, so that a rush takes the session's row lock and commits once per batch
// instead of once per member (see the package doc). Each session has at most one batch in
// flight per process; across replicas the row lock orders the batches.
type bookBatches struct {
	svc *Service
	mu  sync.Mutex
	// queued holds the bookings waiting for the next batch of a session; a key is present while
	// a drain goroutine serves that session.
	queued map[uint64][]*bookRequest
}

type bookRequest struct {
	userID uint64
	done   chan bookResult // buffered: the drain never waits for a member
}

type bookResult struct {
	booking Booking
	err     error
}

// memberFailure marks a batch that failed because of one member's part of it (the
// one-active-booking key refused a row, a hook refused a confirmation): write then tries each
// member alone, so that the error stays that member's.
type memberFailure struct{ error }

func (f memberFailure) Unwrap() error { return f.error }

func newBookBatches(svc *Service) *bookBatches {
	return &bookBatches{svc: svc, queued: map[uint64][]*bookRequest{}}
}

// book gives userID a seat in session sessionID, or a waitlist place when it is full, in the
// next batch, and waits for it.
func (w *bookBatches) book(ctx context.Context, sessionID, userID uint64) (Booking, error) {
	req := &bookRequest{userID: userID, done: make(chan bookResult, 1)}
	w.mu.Lock()
	queue, draining := w.queued[sessionID]
	w.queued[sessionID] = append(queue, req)
	w.mu.Unlock()
	if !draining {
		// Detached from this request: the batch also carries other members' bookings.
		go w.drain(context.WithoutCancel(ctx), sessionID)
	}
	r := <-req.done
	return r.booking, r.err
}

// drain writes the queued bookings of a session batch by batch until none is left.
func (w *bookBatches) drain(ctx context.Context, sessionID uint64) {
	for {
		w.mu.Lock()
		batch := w.queued[sessionID]
		if len(batch) == 0 {
			delete(w.queued, sessionID)
			w.mu.Unlock()
			return
		}
		w.queued[sessionID] = nil
		w.mu.Unlock()
		w.write(ctx, sessionID, batch)
	}
}

// write commits one batch and answers its members. When it fails because of one member's part
// (memberFailure), each member is tried alone.
func (w *bookBatches) write(ctx context.Context, sessionID uint64, batch []*bookRequest) {
	// The drain runs outside any request, where the HTTP recover middleware cannot catch a
	// panic: it fails this batch's members instead of the process.
	defer func() {
		if r := recover(); r != nil {
			err := fmt.Errorf("booking batch of session %d panicked: %v", sessionID, r)
			w.svc.log.ErrorContext(ctx, "booking batch failed", "error", err.Error())
			for _, req := range batch {
				select {
				case req.done <- bookResult{err: err}:
				default: // already answered
				}
			}
		}
	}()
	results, err := w.commit(ctx, sessionID, batch)
	var mine memberFailure
	if errors.As(err, &mine) {
		if len(batch) > 1 {
			for _, req := range batch {
				w.write(ctx, sessionID, []*bookRequest{req})
			}
			return
		}
		err = mine.error
	}
	for i, req := range batch {
		if err != nil {
			req.done <- bookResult{err: err}
		} else {
			req.done <- results[i]
		}
	}
}

// commit writes one batch in one transaction (bookBatchTx).
func (w *bookBatches) commit(ctx context.Context, sessionID uint64, batch []*bookRequest) ([]bookResult, error) {
	ctx, cancel := context.WithTimeout(ctx, batchTimeout)
	defer cancel()
	s := w.svc
	users := make([]uint64, len(batch))
	for i, req := range batch {
		users[i] = req.userID
	}
	var out []bookResult
	err := database.RetryOnDeadlock(ctx, func() error {
		return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			var err error
			out, err = s.bookBatchTx(ctx, tx, sessionID, users)
			return err
		}, readCommitted)
	})
	return out, err
}

// bookBatchTx books users (in arrival order) into session sessionID under its row lock: the
// first ones who pay take the free seats, the others get waitlist places after them. A member
// who already holds an active booking of the session gets ErrAlreadyBooked, one who has nothing
// that could pay (or whose payment fails) ErrNoEntitlement, and is left out (a seat goes to the
// next member). An error returned is the whole batch's: nothing was written.
func (s *Service) bookBatchTx(ctx context.Context, tx *gorm.DB, sessionID uint64, users []uint64) ([]bookResult, error) {
	sess, err := s.sched.LockSessionTx(ctx, tx, sessionID)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	if err := bookable(sess, now); err != nil {
		return nil, err
	}
	// Under the lock this is exact: every booking of the session is inserted under it.
	held, err := s.st.activeUsers(ctx, tx, sessionID, users)
	if err != nil {
		return nil, err
	}
	// Who could pay (a waitlist place is charged on promotion; a seat is charged below).
	payers, err := s.members.CanChargeEachTx(ctx, tx, users, sess.StartsAt, sess.CreditCost())
	if err != nil {
		return nil, err
	}
	out := make([]bookResult, len(users))
	free := sess.Capacity - sess.BookedCount
	var rows []Booking
	var of []int // of[j] is the batch index of rows[j]
	seated := 0
	for i, user := range users {
		if held[user] {
			out[i].err = ErrAlreadyBooked
			continue
		}
		if !payers[user] {
			out[i].err = membership.ErrNoEntitlement
			continue
		}
		b := Booking{SessionID: sessionID, UserID: user, Status: StatusWaitlisted, CreatedAt: now}
		if seated < free {
			charge, err := s.chargeSeatTx(ctx, tx, user, sess)
			if errors.Is(err, membership.ErrNoEntitlement) {
				out[i].err = err
				continue
			}
			if err != nil {
				return nil, err
			}
			b.Status, b.EntitlementID, b.CreditsSpent, b.BookedAt = StatusBooked, charge.EntitlementID, charge.Credits, &now
			seated++
		} else {
			// The session is full from here on (invariant 3): places follow arrival order.
			pos := sess.WaitlistCount + len(rows) - seated + 1
			b.WaitlistPosition = &pos
		}
		held[user] = true // a second request of theirs later in this batch is refused
		rows = append(rows, b)
		of = append(of, i)
	}
	if len(rows) == 0 {
		return out, nil
	}
	if err := s.sched.AdjustCountsTx(ctx, tx, sessionID, seated, len(rows)-seated); err != nil {
		return nil, err
	}
	if err := s.st.insertBatch(ctx, tx, rows); err != nil {
		if database.IsDuplicateKey(err) {
			return nil, memberFailure{ErrAlreadyBooked}
		}
		return nil, err
	}
	for j, b := range rows {
		if b.Status == StatusBooked {
			if err := s.emitBooking(ctx, tx, EventBooked, "", b, sess); err != nil {
				return nil, memberFailure{err}
			}
		}
		out[of[j]].booking = b
	}
	return out, nil
}

// chargeSeatTx pays for userID's seat in sess behind a savepoint: a member who cannot pay leaves
// nothing behind in the batch's transaction, and the seat goes to the next member.
func (s *Service) chargeSeatTx(ctx context.Context, tx *gorm.DB, userID uint64, sess schedule.Session) (membership.Charge, error) {
	// One name for every member: a new SAVEPOINT of the same name replaces the last one.
	if err := tx.WithContext(ctx).SavePoint("seat").Error; err != nil {
		return membership.Charge{}, err
	}
	charge, err := s.members.ChargeTx(ctx, tx, userID, sess.StartsAt, sess.CreditCost())
	if errors.Is(err, membership.ErrNoEntitlement) {
		if err := tx.WithContext(ctx).RollbackTo("seat").Error; err != nil {
			return membership.Charge{}, err
		}
	}
	return charge, err
}
