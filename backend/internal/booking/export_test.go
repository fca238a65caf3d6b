package booking

import "context"

// WriteBatch writes one batch of bookings of session sessionID for users, in that order, as the
// drain would, and returns each member's booking or error.
func (s *Service) WriteBatch(ctx context.Context, sessionID uint64, users []uint64) ([]Booking, []error) {
	batch := make([]*bookRequest, len(users))
	for i, u := range users {
		batch[i] = &bookRequest{userID: u, done: make(chan bookResult, 1)}
	}
	s.batches.write(ctx, sessionID, batch)
	out, errs := make([]Booking, len(users)), make([]error, len(users))
	for i, req := range batch {
		r := <-req.done
		out[i], errs[i] = r.booking, r.err
	}
	return out, errs
}
