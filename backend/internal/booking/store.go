package booking

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/platform/query"
	"github.com/trainingclub/platform/backend/internal/web"
)

type store struct{ db *gorm.DB }

func (st store) booking(ctx context.Context, tx *gorm.DB, id uint64, lock bool) (Booking, error) {
	q := tx.WithContext(ctx)
	if lock {
		q = query.ForUpdate(q)
	}
	return query.One[Booking](q, ErrBookingNotFound, id)
}

// activeUsers returns which of userIDs hold an active booking (booked, waitlisted, checked in)
// of the session.
func (st store) activeUsers(ctx context.Context, tx *gorm.DB, sessionID uint64, userIDs []uint64) (map[uint64]bool, error) {
	var held []uint64
	if err := tx.WithContext(ctx).Model(&Booking{}).Where("session_id = ? AND active_flag = 1 AND user_id IN ?", sessionID, userIDs).
		Pluck("user_id", &held).Error; err != nil {
		return nil, err
	}
	out := make(map[uint64]bool, len(userIDs))
	for _, user := range held {
		out[user] = true
	}
	return out, nil
}

// insertBatch inserts rows, new active bookings of one session of distinct members, in one
// statement in their order, and sets their ids. InnoDB gives a statement's rows increasing ids
// in row order, but not always consecutive ones (innodb_autoinc_lock_mode 2, MySQL 8's
// default), so the ids are read back rather than derived from LAST_INSERT_ID.
func (st store) insertBatch(ctx context.Context, tx *gorm.DB, rows []Booking) error {
	values := make([]string, len(rows))
	args := make([]any, 0, 6*len(rows))
	users := make([]uint64, len(rows))
	for i, b := range rows {
		values[i] = "(?, ?, ?, ?, ?, ?)"
		args = append(args, b.SessionID, b.UserID, b.Status, b.EntitlementID, b.CreditsSpent, b.BookedAt)
		users[i] = b.UserID
	}
	if err := tx.WithContext(ctx).Exec("INSERT INTO bookings (session_id, user_id, status, entitlement_id, credits_spent, booked_at) VALUES "+
		strings.Join(values, ", "), args...).Error; err != nil {
		return err
	}
	var inserted []struct{ ID, UserID uint64 }
	if err := tx.WithContext(ctx).Model(&Booking{}).Select("id, user_id").
		Where("session_id = ? AND active_flag = 1 AND user_id IN ?", rows[0].SessionID, users).Scan(&inserted).Error; err != nil {
		return err
	}
	idOf := make(map[uint64]uint64, len(inserted))
	for _, row := range inserted {
		idOf[row.UserID] = row.ID
	}
	for i := range rows {
		if rows[i].ID = idOf[rows[i].UserID]; rows[i].ID == 0 {
			return fmt.Errorf("booking of user %d in session %d: inserted but not read back", rows[i].UserID, rows[i].SessionID)
		}
	}
	return nil
}

// transition moves booking id from one of the statuses in from to `to` with the extra columns
// set; it reports whether this call made the change (the guard that makes refunds exactly-once).
func (st store) transition(ctx context.Context, tx *gorm.DB, id uint64, from []string, to string, set map[string]any) (bool, error) {
	cols := map[string]any{"status": to}
	for k, v := range set {
		cols[k] = v
	}
	res := tx.WithContext(ctx).Model(&Booking{}).Where("id = ? AND status IN ?", id, from).Updates(cols)
	return res.RowsAffected == 1, res.Error
}

// waitlist returns the waitlisted bookings of a session in arrival order.
func (st store) waitlist(ctx context.Context, tx *gorm.DB, sessionID uint64) ([]Booking, error) {
	var out []Booking
	err := tx.WithContext(ctx).Where("session_id = ? AND status = ?", sessionID, StatusWaitlisted).Order("id").Find(&out).Error
	return out, err
}

// activeOf returns every active booking of a session (for cancelling it).
func (st store) activeOf(ctx context.Context, tx *gorm.DB, sessionID uint64) ([]Booking, error) {
	var out []Booking
	err := tx.WithContext(ctx).Where("session_id = ? AND active_flag = 1", sessionID).Order("id").Find(&out).Error
	return out, err
}

// upcomingActive returns a member's seats and waitlist places in scheduled sessions that start
// after now, in id order.
func (st store) upcomingActive(ctx context.Context, tx *gorm.DB, userID uint64, now time.Time) ([]Booking, error) {
	var out []Booking
	err := tx.WithContext(ctx).Table("bookings b").Select("b.*").
		Joins("JOIN class_sessions s ON s.id = b.session_id").
		Where("b.user_id = ? AND b.status IN ? AND s.starts_at > ?", userID, []string{StatusBooked, StatusWaitlisted}, now).
		Order("b.id").Scan(&out).Error
	return out, err
}

func (st store) waitlistPosition(ctx context.Context, tx *gorm.DB, b Booking) (int, error) {
	var n int64
	err := tx.WithContext(ctx).Model(&Booking{}).Where("session_id = ? AND status = ? AND id < ?", b.SessionID, StatusWaitlisted, b.ID).Count(&n).Error
	return int(n) + 1, err
}

func (st store) roster(ctx context.Context, sessionID uint64, page web.Page) ([]Booking, int64, error) {
	where := "b.session_id = ? AND b.status IN ('booked','checked_in','waitlisted','late_cancelled')"
	var total int64
	if err := st.db.WithContext(ctx).Table("bookings b").Where(where, sessionID).Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var out []Booking
	err := st.db.WithContext(ctx).Table("bookings b").Select("b.*, u.name AS user_name, u.email AS email").
		Joins("JOIN users u ON u.id = b.user_id").Where(where, sessionID).
		Order("b.status = 'waitlisted', b.status = 'late_cancelled', b.id").
		Limit(page.PerPage).Offset(page.Offset()).Scan(&out).Error
	return out, total, err
}

// mine lists a member's bookings: when is upcoming (session not ended, soonest first), past
// (ended, latest first) or all (latest first).
func (st store) mine(ctx context.Context, userID uint64, when string, now time.Time, page web.Page) ([]Booking, int64, error) {
	q := func() *gorm.DB {
		q := st.db.WithContext(ctx).Table("bookings b").Joins("JOIN class_sessions s ON s.id = b.session_id").Where("b.user_id = ?", userID)
		switch when {
		case "upcoming":
			q = q.Where("s.ends_at > ?", now)
		case "past":
			q = q.Where("s.ends_at <= ?", now)
		}
		return q
	}
	var total int64
	if err := q().Count(&total).Error; err != nil {
		return nil, 0, err
	}
	order := "s.starts_at DESC, b.id DESC"
	if when == "upcoming" {
		order = "s.starts_at, b.id"
	}
	var out []Booking
	err := q().Select("b.*").Order(order).Limit(page.PerPage).Offset(page.Offset()).Scan(&out).Error
	return out, total, err
}

// attendanceByClassType counts, per class type, the scheduled sessions that started in
// [from, to) and their bookings: a booking still "booked" after its session is a no-show.
func (st store) attendanceByClassType(ctx context.Context, from, to time.Time) ([]ClassTypeAttendance, error) {
	var rows []ClassTypeAttendance
	err := st.db.WithContext(ctx).Raw(`
SELECT ct.name AS class_type, COUNT(*) AS sessions, COALESCE(SUM(s.capacity), 0) AS capacity,
       COALESCE(SUM(b.booked), 0) AS booked, COALESCE(SUM(b.checked_in), 0) AS checked_in,
       COALESCE(SUM(b.no_show), 0) AS no_show, COALESCE(SUM(b.cancelled), 0) AS cancelled
FROM class_sessions s
JOIN class_types ct ON ct.id = s.class_type_id
LEFT JOIN (
  SELECT session_id,
         SUM(status IN ('booked','checked_in')) AS booked,
         SUM(status = 'checked_in') AS checked_in,
         SUM(status = 'booked') AS no_show,
         SUM(status IN ('cancelled','late_cancelled')) AS cancelled
  FROM bookings GROUP BY session_id
) b ON b.session_id = s.id
WHERE s.starts_at >= ? AND s.starts_at < ? AND s.status = 'scheduled'
GROUP BY ct.name ORDER BY ct.name`, from, to).Scan(&rows).Error
	return rows, err
}
