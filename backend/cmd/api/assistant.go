package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/trainingclub/platform/backend/internal/assistant"
	"github.com/trainingclub/platform/backend/internal/booking"
	"github.com/trainingclub/platform/backend/internal/config"
	"github.com/trainingclub/platform/backend/internal/schedule"
)

// assistantOptions configure the optional assistant: it writes only with MANUS_API_KEY.
func assistantOptions(cfg config.Config, log *slog.Logger, d *domains) assistant.Options {
	o := assistant.Options{Facts: assistantFacts{sched: d.Schedule, bookings: d.Bookings}, Apply: classTypeWriter{d.Schedule}, Log: log}
	if key := cfg.ManusAPIKey.Reveal(); key != "" {
		o.Writer = &assistant.Manus{Key: key, Base: cfg.ManusAPIBase}
	} else {
		log.Info("assistant disabled: MANUS_API_KEY is not set")
	}
	return o
}

// assistantFacts reads only class type texts and aggregate counts: no member data.
type assistantFacts struct {
	sched    *schedule.Service
	bookings *booking.Service
}

func (f assistantFacts) ClassType(ctx context.Context, id uint64) (assistant.ClassTypeFacts, error) {
	ct, err := f.sched.ClassType(ctx, id)
	if err != nil {
		return assistant.ClassTypeFacts{}, err
	}
	return assistant.ClassTypeFacts{Name: ct.Name, Description: ct.Description, Level: ct.Level, DurationMinutes: ct.DurationMinutes}, nil
}

func (f assistantFacts) Week(ctx context.Context, from, to time.Time) ([]assistant.ClassWeek, error) {
	rows, err := f.bookings.AttendanceByClassType(ctx, from, to)
	out := make([]assistant.ClassWeek, len(rows))
	for i, r := range rows {
		out[i] = assistant.ClassWeek(r)
	}
	return out, err
}

// classTypeWriter applies an approved description through the schedule service.
type classTypeWriter struct{ sched *schedule.Service }

func (w classTypeWriter) SetDescription(ctx context.Context, id uint64, text string) error {
	_, err := w.sched.UpdateClassType(ctx, id, schedule.ClassTypeInput{Description: &text})
	return err
}
