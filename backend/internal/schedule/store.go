package schedule

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/platform/database"
	"github.com/trainingclub/platform/backend/internal/platform/query"
	"github.com/trainingclub/platform/backend/internal/web"
)

type store struct{ db *gorm.DB }

const sessionSelect = `s.*, u.name AS trainer_name, ct.name AS ct_name, ct.description AS ct_description,
	ct.level AS ct_level, ct.duration_minutes AS ct_duration, ct.credit_cost AS ct_credit_cost`

func (st store) sessions(tx *gorm.DB) *gorm.DB {
	return tx.Table("class_sessions s").Select(sessionSelect).
		Joins("JOIN class_types ct ON ct.id = s.class_type_id").
		Joins("JOIN users u ON u.id = s.trainer_id")
}

// Filter selects the sessions of the week view.
type Filter struct {
	From, To    time.Time
	ClassTypeID uint64
	TrainerID   uint64
}

func (st store) listSessions(ctx context.Context, f Filter, page web.Page) ([]Session, int64, error) {
	where := func(q *gorm.DB) *gorm.DB {
		q = q.Where("s.starts_at >= ? AND s.starts_at < ?", f.From, f.To)
		if f.ClassTypeID != 0 {
			q = q.Where("s.class_type_id = ?", f.ClassTypeID)
		}
		if f.TrainerID != 0 {
			q = q.Where("s.trainer_id = ?", f.TrainerID)
		}
		return q
	}
	var total int64
	if err := where(st.db.WithContext(ctx).Table("class_sessions s")).Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var rows []sessionRow
	err := where(st.sessions(st.db.WithContext(ctx))).Order("s.starts_at, s.id").
		Limit(page.PerPage).Offset(page.Offset()).Scan(&rows).Error
	out := make([]Session, len(rows))
	for i, r := range rows {
		out[i] = r.session()
	}
	return out, total, err
}

// session loads one session. lock takes its row lock (SELECT ... FOR UPDATE, which also reads
// the latest committed row) inside tx; only the session row is locked, never the class type or
// trainer rows, so bookings of different sessions do not queue behind each other.
func (st store) session(ctx context.Context, tx *gorm.DB, id uint64, lock bool) (Session, error) {
	if lock {
		s, err := query.One[Session](query.ForUpdate(tx.WithContext(ctx)), ErrSessionNotFound, id)
		if err != nil {
			return Session{}, err
		}
		ct, err := st.classType(ctx, tx, s.ClassTypeID)
		if err != nil {
			return Session{}, err
		}
		s.ClassType = &ct
		_, s.TrainerName, err = st.trainer(ctx, tx, s.TrainerID)
		return s, err
	}
	var rows []sessionRow
	if err := st.sessions(tx.WithContext(ctx)).Where("s.id = ?", id).Limit(1).Scan(&rows).Error; err != nil {
		return Session{}, err
	}
	if len(rows) == 0 {
		return Session{}, ErrSessionNotFound
	}
	return rows[0].session(), nil
}

func (st store) classType(ctx context.Context, tx *gorm.DB, id uint64) (ClassType, error) {
	return query.One[ClassType](tx.WithContext(ctx), ErrClassTypeNotFound, id)
}

func (st store) listClassTypes(ctx context.Context, page web.Page) ([]ClassType, int64, error) {
	return query.Page[ClassType](st.db.WithContext(ctx).Model(&ClassType{}), st.db.WithContext(ctx), "name, id", page)
}

// trainer returns the role and name of user id ("" when there is no such user).
func (st store) trainer(ctx context.Context, tx *gorm.DB, id uint64) (role, name string, err error) {
	var row struct{ Role, Name string }
	err = tx.WithContext(ctx).Table("users").Select("role, name").Where("id = ?", id).Limit(1).Scan(&row).Error
	return row.Role, row.Name, err
}

func (st store) sessionsByID(ctx context.Context, ids []uint64) (map[uint64]Session, error) {
	out := make(map[uint64]Session, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []sessionRow
	if err := st.sessions(st.db.WithContext(ctx)).Where("s.id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ID] = r.session()
	}
	return out, nil
}

func (st store) trainerHasSessionAt(ctx context.Context, trainerID uint64, at time.Time) (bool, error) {
	var n int64
	err := st.db.WithContext(ctx).Model(&Session{}).Where("trainer_id = ? AND starts_at = ?", trainerID, at).Count(&n).Error
	return n > 0, err
}

// The writes. The seat counters' errors come back as the driver gave them: the caller tells
// their CHECK apart.

func (st store) insertSession(ctx context.Context, tx *gorm.DB, sess *Session) error {
	if err := tx.WithContext(ctx).Omit("TrainerName").Create(sess).Error; err != nil {
		return fmt.Errorf("insert session: %w", err)
	}
	return nil
}

// updateSession writes the fields a session patch can change.
func (st store) updateSession(ctx context.Context, tx *gorm.DB, sess Session) error {
	return tx.WithContext(ctx).Model(&Session{ID: sess.ID}).Updates(map[string]any{
		"class_type_id": sess.ClassTypeID, "trainer_id": sess.TrainerID, "room": sess.Room,
		"starts_at": sess.StartsAt, "ends_at": sess.EndsAt, "capacity": sess.Capacity,
		"booking_opens_at": sess.BookingOpensAt, "cancellation_cutoff_minutes": sess.CancellationCutoffMinutes,
	}).Error
}

func (st store) adjustCounts(ctx context.Context, tx *gorm.DB, id uint64, booked, waitlisted int) error {
	return tx.WithContext(ctx).Exec("UPDATE class_sessions SET booked_count = booked_count + ?, waitlist_count = waitlist_count + ? WHERE id = ?",
		booked, waitlisted, id).Error
}

func (st store) markCancelled(ctx context.Context, tx *gorm.DB, id uint64, at time.Time) error {
	return tx.WithContext(ctx).Exec("UPDATE class_sessions SET status = ?, cancelled_at = ?, booked_count = 0, waitlist_count = 0 WHERE id = ? AND status = ?",
		StatusCancelled, at, id, StatusScheduled).Error
}

func (st store) countCheckIn(ctx context.Context, tx *gorm.DB, id uint64) error {
	return tx.WithContext(ctx).Exec("UPDATE class_sessions SET checked_in_count = checked_in_count + 1 WHERE id = ?", id).Error
}

func (st store) insertClassType(ctx context.Context, ct *ClassType) error {
	return classTypeWriteError(st.db.WithContext(ctx).Create(ct).Error, "create class type")
}

func (st store) saveClassType(ctx context.Context, ct *ClassType) error {
	return classTypeWriteError(st.db.WithContext(ctx).Select("*").Updates(ct).Error, "update class type %d", ct.ID)
}

func classTypeWriteError(err error, format string, args ...any) error {
	if database.IsDuplicateKey(err) {
		return ErrClassTypeExists
	}
	return apperr.Wrap(err, format, args...)
}

func (st store) deleteClassType(ctx context.Context, id uint64) error {
	res := st.db.WithContext(ctx).Delete(&ClassType{}, id)
	switch {
	case database.IsForeignKeyViolation(res.Error):
		return ErrClassTypeInUse
	case res.Error != nil:
		return fmt.Errorf("delete class type %d: %w", id, res.Error)
	case res.RowsAffected == 0:
		return ErrClassTypeNotFound
	}
	return nil
}
