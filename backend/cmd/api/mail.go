package main

import (
	"context"
	"log/slog"
	"net/mail"
	"strings"

	"github.com/trainingclub/platform/backend/internal/config"
	tcmail "github.com/trainingclub/platform/backend/internal/mail"
)

// mailing is the delivery worker of the outbox when SMTP_URL is set, and its metrics.
type mailing struct {
	worker  *tcmail.Worker // nil: mail is off, the outbox only fills
	metrics *tcmail.Metrics
}

// newMailing builds the outbox and, with SMTP_URL, the worker (started by start).
func newMailing(cfg config.Config, log *slog.Logger, outbox *tcmail.Outbox) (*mailing, error) {
	m := &mailing{metrics: tcmail.NewMetrics()}
	if cfg.SMTPURL == "" {
		log.Info("mail delivery off: SMTP_URL is not set (messages wait in the outbox)")
		return m, nil
	}
	sender, err := tcmail.NewSMTP(tcmail.SMTPConfig{URL: cfg.SMTPURL.Reveal(), From: cfg.MailFrom})
	if err != nil {
		return nil, err
	}
	m.worker = tcmail.NewWorker(outbox, sender, tcmail.WorkerOptions{}, m.metrics, log)
	return m, nil
}

func (m *mailing) start(ctx context.Context) {
	if m.worker != nil {
		m.worker.Start(ctx)
	}
}

func (m *mailing) stop() {
	if m.worker != nil {
		m.worker.Stop()
	}
}

// state is the health page's "mail" feature.
func (m *mailing) state() string {
	if m.worker == nil {
		return "off"
	}
	return "on"
}

func senderDomain(from string) string {
	a, err := mail.ParseAddress(from)
	if err != nil {
		return ""
	}
	_, domain, _ := strings.Cut(a.Address, "@")
	return domain
}
