package mail

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// WorkerOptions tune delivery; zero values take the defaults.
type WorkerOptions struct {
	Lease       time.Duration // how long a claim holds (default 2 min); must exceed the send timeout
	Batch       int           // messages claimed per round (default 20)
	Poll        time.Duration // pause when nothing is due (default 2 s)
	MaxAttempts int           // attempts before a message is marked failed (default 8)
	BaseBackoff time.Duration // wait after the first failure, doubled each time (default 30 s)
	MaxBackoff  time.Duration // ceiling of the wait (default 1 h)
}

func (o WorkerOptions) withDefaults() WorkerOptions {
	if o.Lease <= 0 {
		o.Lease = 2 * time.Minute
	}
	if o.Batch <= 0 {
		o.Batch = 20
	}
	if o.Poll <= 0 {
		o.Poll = 2 * time.Second
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 8
	}
	if o.BaseBackoff <= 0 {
		o.BaseBackoff = 30 * time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = time.Hour
	}
	return o
}

// Backoff is the wait after the attempt-th failed attempt (1-based): base·2^(attempt-1), at most
// max.
func (o WorkerOptions) Backoff(attempt int) time.Duration {
	o = o.withDefaults()
	d := o.BaseBackoff
	for i := 1; i < attempt && d < o.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, o.MaxBackoff)
}

// Worker delivers the outbox. Any number of workers (one per API replica) may run at once.
type Worker struct {
	outbox  *Outbox
	sender  Sender
	opts    WorkerOptions
	metrics *Metrics
	log     *slog.Logger
	now     func() time.Time

	rounds int // counts RunOnce calls: idle rounds refresh the gauges only now and then

	stop context.CancelFunc
	done sync.WaitGroup
}

// NewWorker creates a worker; metrics may be nil.
func NewWorker(outbox *Outbox, sender Sender, opts WorkerOptions, metrics *Metrics, log *slog.Logger) *Worker {
	return &Worker{outbox: outbox, sender: sender, opts: opts.withDefaults(), metrics: metrics, log: log,
		now: func() time.Time { return time.Now().UTC() }}
}

// SetClock replaces the clock (tests: a lease or backoff that has run out).
func (w *Worker) SetClock(now func() time.Time) { w.now = now }

// Start runs the delivery loop until Stop.
func (w *Worker) Start(ctx context.Context) {
	ctx, w.stop = context.WithCancel(context.WithoutCancel(ctx))
	w.done.Add(1)
	go func() {
		defer w.done.Done()
		for {
			n, err := w.RunOnce(ctx)
			if err != nil && ctx.Err() == nil {
				w.log.WarnContext(ctx, "mail delivery round failed", "error", err.Error())
			}
			if n > 0 && err == nil {
				continue // more may be due
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(w.opts.Poll):
			}
		}
	}()
}

// Stop ends the loop and waits for the round in progress (its sends are bounded by the send
// timeout; an interrupted claim simply expires).
func (w *Worker) Stop() {
	if w.stop != nil {
		w.stop()
		w.done.Wait()
	}
}

// RunOnce claims one batch of due messages and tries each once. It returns how many it claimed.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	now := w.now().UTC().Truncate(time.Microsecond)
	batch, err := w.outbox.Claim(ctx, now, w.opts.Lease, w.opts.Batch)
	if err != nil {
		return 0, err
	}
	for _, m := range batch {
		w.deliver(ctx, m)
	}
	// The outbox gauges cost a COUNT over the table: after work, and every 30th idle round.
	if w.rounds++; len(batch) > 0 || w.rounds%30 == 1 {
		w.metrics.refresh(ctx, w.outbox)
	}
	return len(batch), nil
}

func (w *Worker) deliver(ctx context.Context, m Message) {
	start := time.Now()
	err := w.sender.Send(ctx, m)
	w.metrics.observeSend(time.Since(start))
	// Record the outcome even when ctx ended during the send: the SMTP server may have taken it.
	rec := context.WithoutCancel(ctx)
	now := w.now().UTC().Truncate(time.Microsecond)
	if err == nil {
		ok, err := w.outbox.MarkSent(rec, m, now)
		switch {
		case err != nil:
			w.log.ErrorContext(ctx, "mail sent but not recorded; it will be sent again after the lease", "mail_id", m.ID, "error", err.Error())
		case !ok:
			w.log.WarnContext(ctx, "mail sent after its claim ran out", "mail_id", m.ID)
		default:
			w.metrics.sent(m.Kind)
			w.log.InfoContext(ctx, "mail sent", "mail_id", m.ID, "kind", m.Kind, "attempts", m.Attempts)
		}
		return
	}
	final := m.Attempts >= w.opts.MaxAttempts
	retryAt := now.Add(w.opts.Backoff(m.Attempts))
	if rerr := w.outbox.MarkFailed(rec, m, err.Error(), retryAt, final); rerr != nil {
		w.log.ErrorContext(ctx, "record mail failure", "mail_id", m.ID, "error", rerr.Error())
	}
	w.metrics.failed(m.Kind, final)
	level := slog.LevelWarn
	if final {
		level = slog.LevelError
	}
	w.log.Log(ctx, level, "mail delivery failed", "mail_id", m.ID, "kind", m.Kind, "attempts", m.Attempts, "final", final, "error", err.Error())
}
