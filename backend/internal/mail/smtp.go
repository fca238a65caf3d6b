package mail

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Sender delivers one message (the SMTP sender, or a fake in tests).
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// SMTPConfig is where and as whom mail is sent.
type SMTPConfig struct {
	// URL is smtp://user:pass@host:587 (STARTTLS required) or smtps://user:pass@host:465
	// (implicit TLS). smtp://host:1025?starttls=off sends in the clear: for a local Mailpit only.
	URL string
	// From is the sender, "Training Club <club@example.ch>".
	From string
	// Timeout bounds one delivery, dial to QUIT; keep it well inside the worker's lease.
	Timeout time.Duration
}

// SMTP sends with github.com/wneessen/go-mail.
type SMTP struct {
	cfg  SMTPConfig
	opts []gomail.Option
	host string
}

// NewSMTP checks cfg and returns the sender.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || u.Hostname() == "" {
		return nil, fmt.Errorf("SMTP_URL: must be smtp://[user:pass@]host[:port] or smtps://…")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	opts := []gomail.Option{gomail.WithTimeout(cfg.Timeout)}
	port := 0
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("SMTP_URL: bad port %q", p)
		}
	}
	switch u.Scheme {
	case "smtps":
		if port == 0 {
			port = 465
		}
		opts = append(opts, gomail.WithSSL())
	case "smtp":
		if port == 0 {
			port = 587
		}
		if u.Query().Get("starttls") == "off" {
			opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
		} else {
			opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
		}
	default:
		return nil, fmt.Errorf("SMTP_URL: scheme must be smtp or smtps, not %q", u.Scheme)
	}
	opts = append(opts, gomail.WithPort(port))
	if u.User != nil && u.User.Username() != "" {
		pass, _ := u.User.Password()
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain), gomail.WithUsername(u.User.Username()), gomail.WithPassword(pass))
	}
	if _, err := gomail.NewClient(u.Hostname(), opts...); err != nil {
		return nil, fmt.Errorf("SMTP_URL: %w", err)
	}
	if cfg.From == "" {
		return nil, fmt.Errorf("MAIL_FROM: is required when SMTP_URL is set")
	}
	if err := gomail.NewMsg().From(cfg.From); err != nil {
		return nil, fmt.Errorf("MAIL_FROM: %w", err)
	}
	return &SMTP{cfg: cfg, opts: opts, host: u.Hostname()}, nil
}

// Build turns an outbox row into the MIME message: text and HTML alternatives, attachments,
// and the row's Message-ID.
func Build(from string, m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8))
	if err := msg.From(from); err != nil {
		return nil, fmt.Errorf("from: %w", err)
	}
	if err := msg.To(m.ToAddr); err != nil {
		return nil, fmt.Errorf("to: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(m.MessageID)
	msg.SetDate()
	msg.SetGenHeader(gomail.HeaderContentLang, LangTag(m.Locale))
	msg.SetBodyString(gomail.TypeTextPlain, m.TextBody)
	msg.AddAlternativeString(gomail.TypeTextHTML, m.HTMLBody)
	if m.Attachments != "" {
		var atts []Attachment
		if err := json.Unmarshal([]byte(m.Attachments), &atts); err != nil {
			return nil, fmt.Errorf("attachments: %w", err)
		}
		for _, a := range atts {
			msg.AttachReadSeeker(a.Name, bytes.NewReader(a.Data), gomail.WithFileContentType(gomail.ContentType(a.ContentType)))
		}
	}
	return msg, nil
}

// Send delivers m over one SMTP connection.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg, err := Build(s.cfg.From, m)
	if err != nil {
		return err
	}
	c, err := gomail.NewClient(s.host, s.opts...)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	return c.DialAndSendWithContext(ctx, msg)
}

// LangTag is the BCP 47 tag of a locale: de is Swiss Standard German, like the frontend.
func LangTag(locale string) string {
	if locale == LocaleDE {
		return "de-CH"
	}
	return "en"
}
