package testenv

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"testing"
	"time"
)

// Mailpit is the test SMTP server (scripts/mailpit.sh starts one; the suite scripts do it for
// you) and its HTTP API, where tests read delivered messages back.
type Mailpit struct {
	SMTPURL string // TEST_SMTP_URL, e.g. smtp://127.0.0.1:1025?starttls=off
	API     string // TEST_MAILPIT_API, e.g. http://127.0.0.1:8025
}

// MailpitServer returns the Mailpit of TEST_SMTP_URL / TEST_MAILPIT_API. Without them the test
// fails (skips with -short): mail tests must not pass without a real SMTP server.
func MailpitServer(t testing.TB) Mailpit {
	t.Helper()
	m := Mailpit{SMTPURL: os.Getenv("TEST_SMTP_URL"), API: os.Getenv("TEST_MAILPIT_API")}
	if m.SMTPURL == "" || m.API == "" {
		const how = "mail tests need Mailpit: export $(bash scripts/mailpit.sh start) (sets TEST_SMTP_URL and TEST_MAILPIT_API)"
		if testing.Short() {
			t.Skip("skipped (-short): " + how)
		}
		t.Fatal(how)
	}
	return m
}

// MailAddress is a sender or recipient as Mailpit shows it.
type MailAddress struct {
	Name    string
	Address string
}

// MailSummary is a message in Mailpit's search results.
type MailSummary struct {
	ID        string
	MessageID string
	To        []MailAddress
	Subject   string
}

// MailAttachment is an attachment of a delivered message.
type MailAttachment struct {
	PartID      string
	FileName    string
	ContentType string
}

// MailMessage is a delivered message with its bodies.
type MailMessage struct {
	ID          string
	MessageID   string
	From        MailAddress
	To          []MailAddress
	Subject     string
	Text        string
	HTML        string
	Attachments []MailAttachment
}

func (m Mailpit) get(t testing.TB, path string, out any) {
	t.Helper()
	resp, err := http.Get(m.API + path)
	if err != nil {
		t.Fatalf("mailpit %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("mailpit %s: %d %s", path, resp.StatusCode, body)
	}
	if b, ok := out.(*[]byte); ok {
		*b = body
		return
	}
	if err := json.Unmarshal(body, out); err != nil {
		t.Fatalf("mailpit %s: %v", path, err)
	}
}

// To lists the messages delivered to addr, newest first.
func (m Mailpit) To(t testing.TB, addr string) []MailSummary {
	t.Helper()
	var res struct{ Messages []MailSummary }
	m.get(t, "/api/v1/search?limit=500&query="+url.QueryEscape(fmt.Sprintf("to:%q", addr)), &res)
	return res.Messages
}

// WaitTo waits (up to 10 s) until n messages were delivered to addr and returns them; it fails
// when fewer arrive, or more.
func (m Mailpit) WaitTo(t testing.TB, addr string, n int) []MailSummary {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := m.To(t, addr)
		if len(got) > n {
			t.Fatalf("mailpit: %d messages to %s, want %d", len(got), addr, n)
		}
		if len(got) == n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailpit: %d messages to %s after 10s, want %d", len(got), addr, n)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Message reads one delivered message.
func (m Mailpit) Message(t testing.TB, id string) MailMessage {
	t.Helper()
	var msg MailMessage
	m.get(t, "/api/v1/message/"+url.PathEscape(id), &msg)
	return msg
}

// Headers reads the headers of a delivered message.
func (m Mailpit) Headers(t testing.TB, id string) map[string][]string {
	t.Helper()
	var h map[string][]string
	m.get(t, "/api/v1/message/"+url.PathEscape(id)+"/headers", &h)
	return h
}

// Part reads an attachment's bytes.
func (m Mailpit) Part(t testing.TB, id, partID string) []byte {
	t.Helper()
	var b []byte
	m.get(t, "/api/v1/message/"+url.PathEscape(id)+"/part/"+url.PathEscape(partID), &b)
	return b
}
