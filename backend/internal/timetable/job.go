package timetable

import (
	"context"
	"sync"
	"time"
)

// lockName is the MySQL named lock one generation round holds, so replicas take turns.
const lockName = "trainingclub.timetable.generate"

// Job generates the sessions of every series now and then every interval, until Stop.
type Job struct {
	svc      *Service
	interval time.Duration
	cancel   context.CancelFunc
	done     sync.WaitGroup
}

// StartJob starts generation in the background (interval default 1 h). The first round runs
// at once, so a fresh deployment has its timetable.
func (s *Service) StartJob(interval time.Duration) *Job {
	if interval <= 0 {
		interval = time.Hour
	}
	ctx, cancel := context.WithCancel(context.Background())
	j := &Job{svc: s, interval: interval, cancel: cancel}
	j.done.Add(1)
	go j.loop(ctx)
	return j
}

func (j *Job) loop(ctx context.Context) {
	defer j.done.Done()
	t := time.NewTicker(j.interval)
	defer t.Stop()
	for {
		j.round(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// round generates once if no other replica is at it. The generation itself would be safe
// concurrently (the unique key); the lock only saves the duplicate work.
func (j *Job) round(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	var created int64
	ran, err := j.svc.st.withLock(ctx, lockName, func() error {
		var err error
		created, err = j.svc.Generate(ctx)
		return err
	})
	switch {
	case err != nil && ctx.Err() == nil:
		j.svc.o.Log.ErrorContext(ctx, "timetable generation failed", "error", err.Error())
	case ran && created > 0:
		j.svc.o.Log.InfoContext(ctx, "timetable sessions generated", "created", created)
	}
}

// Stop ends the job and waits for a running round to finish (its context is cancelled).
func (j *Job) Stop() {
	j.cancel()
	j.done.Wait()
}
