package report

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm"
)

type store struct{ db *gorm.DB }

// sessions reads the sessions of [from, to) with their counts in one range of the covering
// index idx_class_sessions_report: booked_count is the seats held (booked or checked in) and
// checked_in_count the checked-in ones, both kept by the booking transactions, so no booking
// row is read.
func (st store) sessions(ctx context.Context, from, to time.Time) ([]sessionFacts, error) {
	rows, err := st.db.WithContext(ctx).Raw(`
SELECT s.id, s.class_type_id, s.trainer_id, s.starts_at, s.ends_at, s.capacity, s.booked_count, s.checked_in_count
FROM class_sessions s FORCE INDEX (idx_class_sessions_report)
WHERE s.status = 'scheduled' AND s.starts_at >= ? AND s.starts_at < ?`, from, to).Rows()
	return scanAll(rows, err, func(rows *sql.Rows, f *sessionFacts) error {
		err := rows.Scan(&f.ID, &f.ClassTypeID, &f.TrainerID, &f.StartsAt, &f.EndsAt, &f.Capacity, &f.Bookings, &f.CheckIns)
		f.StillBooked = f.Bookings - f.CheckIns
		return err
	})
}

// scanAll reads every row of a raw query with scan. Scanned by hand: a year is 15,000 rows, and
// reflection per row was a fair part of the time.
func scanAll[T any](rows *sql.Rows, err error, scan func(rows *sql.Rows, f *T) error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]T, 0, 1024)
	for rows.Next() {
		var f T
		if err := scan(rows, &f); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
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
	rows, err := st.db.WithContext(ctx).Raw(`
SELECT plan_id, plan_name, amount_rappen, status, paid_at, refunded_at FROM orders WHERE paid_at >= ? AND paid_at < ?
UNION ALL
SELECT plan_id, plan_name, amount_rappen, status, paid_at, refunded_at FROM orders
WHERE refunded_at >= ? AND refunded_at < ? AND paid_at IS NOT NULL AND NOT (paid_at >= ? AND paid_at < ?)`,
		from, to, from, to, from, to).Rows()
	return scanAll(rows, err, func(rows *sql.Rows, f *orderFacts) error {
		return rows.Scan(&f.PlanID, &f.PlanName, &f.AmountRappen, &f.Status, &f.PaidAt, &f.RefundedAt)
	})
}
