package mail

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the delivery metrics shown in /metrics. A nil *Metrics records nothing.
type Metrics struct {
	sentTotal   *prometheus.CounterVec
	failedTotal *prometheus.CounterVec
	sendSeconds prometheus.Histogram
	outbox      *prometheus.GaugeVec
}

// NewMetrics creates the metrics; register Collectors() with the server's registry.
func NewMetrics() *Metrics {
	return &Metrics{
		sentTotal: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mail_sent_total", Help: "Messages the SMTP server accepted, by kind.",
		}, []string{"kind"}),
		failedTotal: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mail_failed_attempts_total", Help: "Failed delivery attempts, by kind; final=true when the message was given up.",
		}, []string{"kind", "final"}),
		sendSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "mail_send_duration_seconds", Help: "Time of one SMTP delivery.", Buckets: prometheus.DefBuckets,
		}),
		outbox: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "mail_outbox_messages", Help: "Messages in the outbox by status, as the last delivery round saw them.",
		}, []string{"status"}),
	}
}

// Collectors lists what to register.
func (m *Metrics) Collectors() []prometheus.Collector {
	return []prometheus.Collector{m.sentTotal, m.failedTotal, m.sendSeconds, m.outbox}
}

func (m *Metrics) sent(kind string) {
	if m != nil {
		m.sentTotal.WithLabelValues(kind).Inc()
	}
}

func (m *Metrics) failed(kind string, final bool) {
	if m != nil {
		f := "false"
		if final {
			f = "true"
		}
		m.failedTotal.WithLabelValues(kind, f).Inc()
	}
}

func (m *Metrics) observeSend(d time.Duration) {
	if m != nil {
		m.sendSeconds.Observe(d.Seconds())
	}
}

func (m *Metrics) refresh(ctx context.Context, o *Outbox) {
	if m == nil {
		return
	}
	counts, err := o.Counts(ctx)
	if err != nil {
		return
	}
	for status, n := range counts {
		m.outbox.WithLabelValues(status).Set(float64(n))
	}
}
