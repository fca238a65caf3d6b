package report

import (
	"context"
	"errors"
	"sync"
	"time"

	"gorm.io/gorm"
)

type store struct{ db *gorm.DB }

// sessions reads the sessions of [from, to) with their counts in two index range reads: the
// sessions (idx_class_sessions_status_starts; booked_count is the seats held, booked or checked
// in, kept by the booking transactions) and the check-ins and still-booked seats per session
// (index-only on idx_bookings_session_status). Names come from the small class type and
// trainer tables afterwards, so no wide GROUP BY is needed.
func (st store) sessions(ctx context.Context, from, to time.Time) ([]sessionFacts, error) {
	var (
		out    []sessionFacts
		counts []struct {
			SessionID   uint64
			CheckIns    int
			StillBooked int
		}
		errs [2]error
		wg   sync.WaitGroup
	)
	// The two reads are independent: run them on two connections at once.
	wg.Add(2)
	go func() {
		defer wg.Done()
		errs[0] = st.db.WithContext(ctx).Raw(`
SELECT s.id, s.class_type_id, s.trainer_id, s.starts_at, s.ends_at, s.capacity, s.booked_count AS bookings
FROM class_sessions s
WHERE s.status = 'scheduled' AND s.starts_at >= ? AND s.starts_at < ?`, from, to).Scan(&out).Error
	}()
	go func() {
		defer wg.Done()
		// ORDER BY NULL: MariaDB would otherwise sort the groups, which nothing needs.
		errs[1] = st.db.WithContext(ctx).Raw(`
SELECT b.session_id, SUM(b.status = 'checked_in') AS check_ins, SUM(b.status = 'booked') AS still_booked
FROM class_sessions s
JOIN bookings b ON b.session_id = s.id AND b.status IN ('checked_in', 'booked')
WHERE s.status = 'scheduled' AND s.starts_at >= ? AND s.starts_at < ?
GROUP BY b.session_id ORDER BY NULL`, from, to).Scan(&counts).Error
	}()
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	idx := make(map[uint64]int, len(out))
	for i, f := range out {
		idx[f.ID] = i
	}
	for _, c := range counts {
		if i, ok := idx[c.SessionID]; ok {
			out[i].CheckIns, out[i].StillBooked = c.CheckIns, c.StillBooked
		}
	}
	return out, nil
}

// names returns the names of every class type and of the trainers of sessions (small tables).
func (st store) names(ctx context.Context, table string, ids []uint64) (map[uint64]string, error) {
	var rows []struct {
		ID   uint64
		Name string
	}
	err := st.db.WithContext(ctx).Table(table).Select("id, name").Where("id IN ?", ids).Scan(&rows).Error
	out := make(map[uint64]string, len(rows))
	for _, r := range rows {
		out[r.ID] = r.Name
	}
	return out, err
}

// orders reads the orders paid or refunded in [from, to) (two index ranges, merged).
func (st store) orders(ctx context.Context, from, to time.Time) ([]orderFacts, error) {
	var out []orderFacts
	err := st.db.WithContext(ctx).Raw(`
SELECT plan_id, plan_name, amount_rappen, status, paid_at, refunded_at FROM orders WHERE paid_at >= ? AND paid_at < ?
UNION ALL
SELECT plan_id, plan_name, amount_rappen, status, paid_at, refunded_at FROM orders
WHERE refunded_at >= ? AND refunded_at < ? AND paid_at IS NOT NULL AND NOT (paid_at >= ? AND paid_at < ?)`,
		from, to, from, to, from, to).Scan(&out).Error
	return out, err
}
