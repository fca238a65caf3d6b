package timetable

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

const seriesSelect = `cs.*, ct.name AS class_type_name, u.name AS trainer_name`

func (st store) seriesQuery(tx *gorm.DB) *gorm.DB {
	return tx.Table("class_series cs").Select(seriesSelect).
		Joins("JOIN class_types ct ON ct.id = cs.class_type_id").Joins("JOIN users u ON u.id = cs.trainer_id")
}

func (st store) series(ctx context.Context, tx *gorm.DB, id uint64, lock bool) (Series, error) {
	q := st.seriesQuery(tx.WithContext(ctx))
	if lock {
		q = query.ForUpdate(q)
	}
	return query.One[Series](q, ErrSeriesNotFound, "cs.id = ?", id)
}

// listSeries lists series running on or after from (zero: all), by weekday and time.
func (st store) listSeries(ctx context.Context, from time.Time, page web.Page) ([]Series, int64, error) {
	q := func() *gorm.DB {
		q := st.db.WithContext(ctx).Table("class_series cs")
		if !from.IsZero() {
			q = q.Where("cs.valid_until IS NULL OR cs.valid_until >= ?", Date{from}.String())
		}
		return q
	}
	return query.Page[Series](q(), st.seriesQuery(q()), "cs.weekday, cs.start_time, cs.id", page)
}

// generating lists the series that may have sessions in [from, until] and whose trainer is a
// live trainer (an erased trainer's series waits for reassignment).
func (st store) generating(ctx context.Context, from, until Date) ([]Series, error) {
	var out []Series
	err := st.seriesQuery(st.db.WithContext(ctx)).
		Where("cs.valid_from <= ? AND (cs.valid_until IS NULL OR cs.valid_until >= ?)", until.String(), from.String()).
		Where("u.deleted_at IS NULL AND u.role = 'trainer'").Order("cs.id").Find(&out).Error
	return out, err
}

func (st store) insertSeries(ctx context.Context, tx *gorm.DB, s *Series) error {
	return tx.WithContext(ctx).Omit("ClassTypeName", "TrainerName").Create(s).Error
}

func (st store) saveSeries(ctx context.Context, tx *gorm.DB, s *Series) error {
	return tx.WithContext(ctx).Omit("ClassTypeName", "TrainerName", "CreatedAt").Select("*").Updates(s).Error
}

// generated is one session a series wants to exist.
type generated struct {
	SeriesID                  uint64
	SeriesDate                Date
	ClassTypeID, TrainerID    uint64
	Room                      string
	StartsAt, EndsAt, OpensAt time.Time
	Capacity, Cutoff          int
}

// insertSessions inserts the sessions that do not exist yet; the unique key (series_id,
// series_date) makes a repeated or concurrent run insert nothing twice. It returns how many
// were new.
func (st store) insertSessions(ctx context.Context, rows []generated) (int64, error) {
	var n int64
	for start := 0; start < len(rows); start += 200 {
		batch := rows[start:min(start+200, len(rows))]
		var sb strings.Builder
		args := make([]any, 0, len(batch)*11)
		sb.WriteString(`INSERT INTO class_sessions (series_id, series_date, class_type_id, trainer_id, room, starts_at, ends_at,
			booking_opens_at, capacity, cancellation_cutoff_minutes, status) VALUES `)
		for i, r := range batch {
			if i > 0 {
				sb.WriteString(",")
			}
			sb.WriteString("(?,?,?,?,?,?,?,?,?,?,'scheduled')")
			args = append(args, r.SeriesID, r.SeriesDate.String(), r.ClassTypeID, r.TrainerID, r.Room, r.StartsAt, r.EndsAt, r.OpensAt, r.Capacity, r.Cutoff)
		}
		// id = id changes nothing, so MySQL reports 0 affected rows for an existing session.
		sb.WriteString(" ON DUPLICATE KEY UPDATE id = id")
		res := st.db.WithContext(ctx).Exec(sb.String(), args...)
		if res.Error != nil {
			return n, fmt.Errorf("insert generated sessions: %w", res.Error)
		}
		n += res.RowsAffected
	}
	return n, nil
}

// futureSessions lists the scheduled sessions of series id on or after from that have not
// started by now.
func (st store) futureSessions(ctx context.Context, id uint64, from Date, now time.Time) ([]futureSession, error) {
	var out []futureSession
	err := st.db.WithContext(ctx).Raw(`SELECT s.id, s.series_date, s.starts_at, s.booked_count, s.waitlist_count,
		(SELECT COUNT(*) FROM bookings b WHERE b.session_id = s.id) AS bookings
		FROM class_sessions s WHERE s.series_id = ? AND s.series_date >= ? AND s.status = 'scheduled' AND s.starts_at > ?
		ORDER BY s.series_date`, id, from.String(), now).Scan(&out).Error
	return out, err
}

// deleteUnbooked removes session id if no booking row refers to it (it never had a booking).
func (st store) deleteUnbooked(ctx context.Context, id uint64) (bool, error) {
	res := st.db.WithContext(ctx).Exec(`DELETE FROM class_sessions WHERE id = ? AND booked_count = 0 AND waitlist_count = 0
		AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.session_id = ?)`, id, id)
	return res.RowsAffected == 1, res.Error
}

// relink makes session id the occurrence of series on day.
func (st store) relink(ctx context.Context, id, series uint64, day Date) error {
	return st.db.WithContext(ctx).Exec("UPDATE class_sessions SET series_id = ?, series_date = ? WHERE id = ?", series, day.String(), id).Error
}

func (st store) closures(ctx context.Context, from, until Date) ([]Closure, error) {
	var out []Closure
	err := st.db.WithContext(ctx).Where("until_date >= ? AND from_date <= ?", from.String(), until.String()).Order("from_date").Find(&out).Error
	return out, err
}

func (st store) listClosures(ctx context.Context, from Date, page web.Page) ([]Closure, int64, error) {
	q := st.db.WithContext(ctx).Model(&Closure{}).Where("until_date >= ?", from.String())
	return query.Page[Closure](q, q, "from_date, id", page)
}

func (st store) insertClosure(ctx context.Context, c *Closure) error {
	return st.db.WithContext(ctx).Create(c).Error
}

// sessionsBetween lists the scheduled sessions starting in [from, to) that have not ended by now.
func (st store) sessionsBetween(ctx context.Context, from, to, now time.Time) ([]uint64, error) {
	var ids []uint64
	err := st.db.WithContext(ctx).Table("class_sessions").Where("status = 'scheduled' AND starts_at >= ? AND starts_at < ? AND ends_at > ?", from, to, now).
		Order("starts_at, id").Pluck("id", &ids).Error
	return ids, err
}

// unassigned lists future scheduled sessions and series whose trainer was erased or is no
// longer a trainer.
func (st store) unassigned(ctx context.Context, now time.Time) ([]uint64, []Series, error) {
	var ids []uint64
	err := st.db.WithContext(ctx).Table("class_sessions s").Joins("JOIN users u ON u.id = s.trainer_id").
		Where("s.status = 'scheduled' AND s.starts_at > ? AND (u.deleted_at IS NOT NULL OR u.role <> 'trainer')", now).
		Order("s.starts_at, s.id").Limit(500).Pluck("s.id", &ids).Error
	if err != nil {
		return nil, nil, err
	}
	var series []Series
	err = st.seriesQuery(st.db.WithContext(ctx)).Where("(u.deleted_at IS NOT NULL OR u.role <> 'trainer')").
		Where("cs.valid_until IS NULL OR cs.valid_until >= ?", DateOf(now).String()).Order("cs.id").Find(&series).Error
	return ids, series, err
}

// trainerRole returns the role of user id ("" when there is none or it is erased).
func (st store) trainerRole(ctx context.Context, id uint64) (string, error) {
	var role string
	err := st.db.WithContext(ctx).Table("users").Where("id = ? AND deleted_at IS NULL", id).Limit(1).Pluck("role", &role).Error
	return role, err
}

// classTypeMinutes returns the duration of class type id (0 when there is none).
func (st store) classTypeMinutes(ctx context.Context, id uint64) (int, error) {
	var m int
	err := st.db.WithContext(ctx).Table("class_types").Where("id = ?", id).Limit(1).Pluck("duration_minutes", &m).Error
	return m, err
}

// withLock runs f while holding the MySQL named lock name on one connection; ok is false when
// another replica holds it (f does not run).
func (st store) withLock(ctx context.Context, name string, f func() error) (ok bool, err error) {
	sqlDB, err := st.db.DB()
	if err != nil {
		return false, err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	var got *int
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, 0)", name).Scan(&got); err != nil {
		return false, err
	}
	if got == nil || *got != 1 {
		return false, nil
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT RELEASE_LOCK(?)", name) //nolint:errcheck // the lock also ends with the connection
	return true, f()
}
