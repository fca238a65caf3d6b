package booking

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/platform/database"
)

// joinTimeout bounds one batch's transaction; the members in it wait for its outcome.
const joinTimeout = 15 * time.Second

// waitlistJoins coalesces the waitlist joins of one session that arrive while an earlier batch
// of them is being written, so that a rush takes the session's row lock and commits once per
// batch instead of once per member (see the package doc). Each session has at most one batch in
// flight per process; across replicas the row lock orders the batches.
type waitlistJoins struct {
	svc *Service
	mu  sync.Mutex
	// queued holds the joins waiting for the next batch of a session; a key is present while a
	// drain goroutine serves that session.
	queued map[uint64][]*joinRequest
}

type joinRequest struct {
	userID uint64
	done   chan joinResult // buffered: the drain never waits for a member
}

type joinResult struct {
	booking Booking
	err     error
}

func newWaitlistJoins(svc *Service) *waitlistJoins {
	return &waitlistJoins{svc: svc, queued: map[uint64][]*joinRequest{}}
}

// join gives userID a waitlist place in session sessionID in the next batch and waits for it.
// errSessionMoved means the session is no longer full (Book starts again).
func (w *waitlistJoins) join(ctx context.Context, sessionID, userID uint64) (Booking, error) {
	req := &joinRequest{userID: userID, done: make(chan joinResult, 1)}
	w.mu.Lock()
	queue, draining := w.queued[sessionID]
	w.queued[sessionID] = append(queue, req)
	w.mu.Unlock()
	if !draining {
		// Detached from this request: the batch also carries other members' joins.
		go w.drain(context.WithoutCancel(ctx), sessionID)
	}
	r := <-req.done
	return r.booking, r.err
}

// drain writes the queued joins of a session batch by batch until none is left.
func (w *waitlistJoins) drain(ctx context.Context, sessionID uint64) {
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

// write commits one batch. When it cannot be committed whole (a member's second request hit the
// one-active-booking key, say), each member is tried alone so that one member's error stays theirs.
func (w *waitlistJoins) write(ctx context.Context, sessionID uint64, batch []*joinRequest) {
	// The drain runs outside any request, where the HTTP recover middleware cannot catch a
	// panic: it fails this batch's members instead of the process.
	defer func() {
		if r := recover(); r != nil {
			err := fmt.Errorf("waitlist join of session %d panicked: %v", sessionID, r)
			w.svc.log.ErrorContext(ctx, "waitlist join failed", "error", err.Error())
			for _, req := range batch {
				select {
				case req.done <- joinResult{err: err}:
				default: // already answered
				}
			}
		}
	}()
	bookings, err := w.commit(ctx, sessionID, batch)
	if errors.Is(err, ErrAlreadyBooked) && len(batch) > 1 {
		for _, req := range batch {
			w.write(ctx, sessionID, []*joinRequest{req})
		}
		return
	}
	for i, req := range batch {
		if err != nil {
			req.done <- joinResult{err: err}
		} else {
			req.done <- joinResult{booking: bookings[i]}
		}
	}
}

// commit counts len(batch) waitlist places under the session's row lock (only if it is still
// full and bookable) and inserts their bookings in one statement, in batch order: positions and
// ids both follow that order, so promotion by id is promotion by position (invariant 3).
func (w *waitlistJoins) commit(ctx context.Context, sessionID uint64, batch []*joinRequest) ([]Booking, error) {
	ctx, cancel := context.WithTimeout(ctx, joinTimeout)
	defer cancel()
	s := w.svc
	users := make([]uint64, len(batch))
	for i, req := range batch {
		users[i] = req.userID
	}
	var out []Booking
	err := database.RetryOnDeadlock(ctx, func() error {
		return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			now := s.clock()
			first, ok, err := s.sched.JoinWaitlistTx(ctx, tx, sessionID, now, len(batch))
			if err != nil {
				return err
			}
			if !ok {
				return s.whyNotBookable(ctx, tx, sessionID)
			}
			ids, err := s.st.insertWaitlisted(ctx, tx, sessionID, users)
			if database.IsDuplicateKey(err) {
				return ErrAlreadyBooked
			}
			if err != nil {
				return err
			}
			out = make([]Booking, len(batch))
			for i := range batch {
				pos := first + i
				out[i] = Booking{ID: ids[i], SessionID: sessionID, UserID: users[i], Status: StatusWaitlisted,
					WaitlistPosition: &pos, CreatedAt: now}
			}
			return nil
		}, readCommitted)
	})
	return out, err
}
