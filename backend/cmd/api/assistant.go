package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/assistant"
	"github.com/trainingclub/platform/backend/internal/config"
	"github.com/trainingclub/platform/backend/internal/schedule"
)

// assistantHandler wires the optional assistant: enabled only with MANUS_API_KEY. Its worker
// pool is stopped by the app's closers on shutdown.
func assistantHandler(a *app, cfg config.Config, log *slog.Logger, db *gorm.DB, rdb *redis.Client) *assistant.Handler {
	sched := fitness(log, db, rdb).Schedule
	o := assistant.Options{Facts: assistantFacts{db: db, sched: sched}, Apply: classTypeWriter{sched}, Log: log}
	if key := cfg.ManusAPIKey.Reveal(); key != "" {
		o.Writer = &assistant.Manus{Key: key, Base: cfg.ManusAPIBase}
	} else {
		log.Info("assistant disabled: MANUS_API_KEY is not set")
	}
	h := assistant.NewHandler(assistant.NewService(db, o))
	a.closers = append(a.closers, h.Close)
	return h
}

// assistantFacts reads only class type texts and aggregate counts: no member data.
type assistantFacts struct {
	db    *gorm.DB
	sched *schedule.Service
}

func (f assistantFacts) ClassType(ctx context.Context, id uint64) (assistant.ClassTypeFacts, error) {
	ct, err := f.sched.ClassType(ctx, id)
	if err != nil {
		return assistant.ClassTypeFacts{}, err
	}
	return assistant.ClassTypeFacts{Name: ct.Name, Description: ct.Description, Level: ct.Level, DurationMinutes: ct.DurationMinutes}, nil
}

// Week counts per class type for sessions that started in [from, to): a booking still "booked"
// after its session is a no-show.
func (f assistantFacts) Week(ctx context.Context, from, to time.Time) ([]assistant.ClassWeek, error) {
	var rows []assistant.ClassWeek
	err := f.db.WithContext(ctx).Raw(`
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

// classTypeWriter applies an approved description through the schedule service.
type classTypeWriter struct{ sched *schedule.Service }

func (w classTypeWriter) SetDescription(ctx context.Context, id uint64, text string) error {
	_, err := w.sched.UpdateClassType(ctx, id, schedule.ClassTypeInput{Description: &text})
	return err
}
