package mail_test

import (
	"errors"

	"gorm.io/gorm"

	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trainingclub/platform/backend/internal/mail"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

const from = "Training Club <club@example.test>"

func smtpSender(t *testing.T, url string) *mail.SMTP {
	t.Helper()
	s, err := mail.NewSMTP(mail.SMTPConfig{URL: url, From: from, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// deadSMTP is an SMTP URL nothing listens on.
func deadSMTP(t *testing.T) string {
	t.Helper()
	return "smtp://" + testenv.FreeAddr(t) + "?starttls=off"
}

func enqueue(t *testing.T, o *mail.Outbox, to string, atts ...mail.Attachment) {
	t.Helper()
	err := o.Enqueue(context.Background(), mail.Envelope{Kind: "test", To: to, Locale: mail.LocaleDE, Attachments: atts,
		Content: mail.Content{Subject: "Grüezi " + to, Greeting: "Hallo Anna,", Paragraphs: []string{"Erster <Absatz> & mehr."},
			Action: &mail.Action{Label: "Öffnen", URL: "https://club.example.test/x?a=1&b=2"}}})
	if err != nil {
		t.Fatal(err)
	}
}

// drain runs w until nothing is due.
func drain(t *testing.T, w *mail.Worker) int {
	t.Helper()
	total := 0
	for {
		n, err := w.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return total
		}
		total += n
	}
}

func outboxRow(t *testing.T, to string) mail.Message {
	t.Helper()
	var m mail.Message
	if err := testenv.DB(t).Where("to_addr = ?", to).Take(&m).Error; err != nil {
		t.Fatal(err)
	}
	return m
}

func TestDeliversTextHTMLAndAttachmentWithItsMessageID(t *testing.T) {
	mp := testenv.MailpitServer(t)
	o := mail.NewOutbox(testenv.DB(t), "example.test")
	to := testenv.UniqueEmail("parts")
	enqueue(t, o, to, mail.Attachment{Name: "class.ics", ContentType: "text/calendar", Data: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")})
	w := mail.NewWorker(o, smtpSender(t, mp.SMTPURL), mail.WorkerOptions{}, mail.NewMetrics(), testenv.Log)
	if n := drain(t, w); n != 1 {
		t.Fatalf("delivered %d, want 1", n)
	}
	got := mp.WaitTo(t, to, 1)
	msg := mp.Message(t, got[0].ID)
	row := outboxRow(t, to)
	if row.Status != mail.StatusSent || row.SentAt == nil || row.Attempts != 1 {
		t.Fatalf("row = %s attempts %d sent_at %v", row.Status, row.Attempts, row.SentAt)
	}
	if msg.MessageID != row.MessageID {
		t.Errorf("Message-ID %q, row has %q", msg.MessageID, row.MessageID)
	}
	if msg.Subject != "Grüezi "+to || msg.From.Address != "club@example.test" {
		t.Errorf("subject %q from %q", msg.Subject, msg.From.Address)
	}
	if !strings.Contains(msg.Text, "Erster <Absatz> & mehr.") || !strings.Contains(msg.Text, "https://club.example.test/x?a=1&b=2") {
		t.Errorf("text part:\n%s", msg.Text)
	}
	if !strings.Contains(msg.HTML, "Erster &lt;Absatz&gt; &amp; mehr.") || !strings.Contains(msg.HTML, `lang="de-CH"`) {
		t.Errorf("html part:\n%s", msg.HTML)
	}
	if len(msg.Attachments) != 1 || msg.Attachments[0].FileName != "class.ics" || !strings.HasPrefix(msg.Attachments[0].ContentType, "text/calendar") {
		t.Fatalf("attachments %+v", msg.Attachments)
	}
	if body := mp.Part(t, msg.ID, msg.Attachments[0].PartID); !strings.HasPrefix(string(body), "BEGIN:VCALENDAR") {
		t.Errorf("attachment %q", body)
	}
	if h := mp.Headers(t, msg.ID); len(h["Content-Language"]) != 1 || h["Content-Language"][0] != "de-CH" {
		t.Errorf("Content-Language %v", h["Content-Language"])
	}
}

func TestTwoReplicasDeliverEachMessageOnce(t *testing.T) {
	mp := testenv.MailpitServer(t)
	o := mail.NewOutbox(testenv.DB(t), "example.test")
	const n = 30
	var addrs []string
	for range n {
		a := testenv.UniqueEmail("replica")
		addrs = append(addrs, a)
		enqueue(t, o, a)
	}
	var wg sync.WaitGroup
	counts := make([]int, 2)
	for i := range 2 {
		w := mail.NewWorker(o, smtpSender(t, mp.SMTPURL), mail.WorkerOptions{Batch: 3}, nil, testenv.Log)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k, err := w.RunOnce(context.Background())
				if err != nil {
					t.Error(err)
					return
				}
				if k == 0 {
					return
				}
				counts[i] += k
			}
		}()
	}
	wg.Wait()
	if counts[0]+counts[1] != n {
		t.Fatalf("replicas claimed %v, want %d in all", counts, n)
	}
	for _, a := range addrs {
		mp.WaitTo(t, a, 1) // fails on a second copy too
		if r := outboxRow(t, a); r.Status != mail.StatusSent || r.Attempts != 1 {
			t.Errorf("%s: %s after %d attempts", a, r.Status, r.Attempts)
		}
	}
	t.Logf("replica shares: %v", counts)
}

func TestSMTPDownIsRetriedThenDelivered(t *testing.T) {
	mp := testenv.MailpitServer(t)
	o := mail.NewOutbox(testenv.DB(t), "example.test")
	to := testenv.UniqueEmail("down")
	enqueue(t, o, to)
	opts := mail.WorkerOptions{BaseBackoff: 30 * time.Second}
	down := mail.NewWorker(o, smtpSender(t, deadSMTP(t)), opts, nil, testenv.Log)
	if n := drain(t, down); n != 1 {
		t.Fatalf("claimed %d, want 1", n)
	}
	r := outboxRow(t, to)
	if r.Status != mail.StatusPending || r.Attempts != 1 || r.LastError == nil || *r.LastError == "" || r.ClaimToken != nil {
		t.Fatalf("after a failed attempt: %s attempts %d error %v claim %v", r.Status, r.Attempts, r.LastError, r.ClaimToken)
	}
	if wait := time.Until(r.NextAttemptAt); wait < 20*time.Second || wait > 31*time.Second {
		t.Errorf("retry in %v, want about 30s", wait)
	}
	up := mail.NewWorker(o, smtpSender(t, mp.SMTPURL), opts, nil, testenv.Log)
	if n := drain(t, up); n != 0 {
		t.Fatalf("retried %d before the backoff ended", n)
	}
	up.SetClock(func() time.Time { return time.Now().Add(31 * time.Second) })
	if n := drain(t, up); n != 1 {
		t.Fatalf("retried %d after the backoff, want 1", n)
	}
	mp.WaitTo(t, to, 1)
	if r := outboxRow(t, to); r.Status != mail.StatusSent || r.Attempts != 2 || r.LastError != nil {
		t.Fatalf("after the retry: %s attempts %d error %v", r.Status, r.Attempts, r.LastError)
	}
}

func TestGivesUpAfterMaxAttemptsAndKeepsTheReason(t *testing.T) {
	testenv.MailpitServer(t)
	o := mail.NewOutbox(testenv.DB(t), "example.test")
	to := testenv.UniqueEmail("giveup")
	enqueue(t, o, to)
	w := mail.NewWorker(o, smtpSender(t, deadSMTP(t)), mail.WorkerOptions{MaxAttempts: 3, BaseBackoff: time.Minute}, nil, testenv.Log)
	for i := range 5 {
		w.SetClock(func() time.Time { return time.Now().Add(time.Duration(i) * time.Hour) })
		drain(t, w)
	}
	r := outboxRow(t, to)
	if r.Status != mail.StatusFailed || r.Attempts != 3 || r.LastError == nil || !strings.Contains(*r.LastError, "connect") {
		t.Fatalf("given up? %s attempts %d error %v", r.Status, r.Attempts, r.LastError)
	}
}

func TestCrashBetweenClaimAndCommitDoesNotLoseTheMessage(t *testing.T) {
	mp := testenv.MailpitServer(t)
	o := mail.NewOutbox(testenv.DB(t), "example.test")
	to := testenv.UniqueEmail("crash")
	enqueue(t, o, to)
	lease := 2 * time.Minute
	// A worker claims the row and dies before sending or recording anything.
	claimed, err := o.Claim(context.Background(), time.Now().UTC(), lease, 100)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %v, %d rows", err, len(claimed))
	}
	w := mail.NewWorker(o, smtpSender(t, mp.SMTPURL), mail.WorkerOptions{Lease: lease}, nil, testenv.Log)
	if n := drain(t, w); n != 0 {
		t.Fatalf("claimed %d while the lease holds", n)
	}
	w.SetClock(func() time.Time { return time.Now().Add(lease + time.Second) })
	if n := drain(t, w); n != 1 {
		t.Fatalf("claimed %d after the lease, want 1", n)
	}
	mp.WaitTo(t, to, 1)
	// The dead worker's late outcome no longer counts: its claim token is gone.
	if ok, err := o.MarkSent(context.Background(), claimed[0], time.Now()); err != nil || ok {
		t.Fatalf("stale claim recorded: %v %v", ok, err)
	}
	if r := outboxRow(t, to); r.Status != mail.StatusSent || r.Attempts != 2 {
		t.Fatalf("%s attempts %d", r.Status, r.Attempts)
	}
}

func TestEnqueueTxRollsBackWithTheChange(t *testing.T) {
	db := testenv.DB(t)
	o := mail.NewOutbox(db, "example.test")
	to := testenv.UniqueEmail("rollback")
	_ = db.Transaction(func(tx *gorm.DB) error {
		if err := o.EnqueueTx(context.Background(), tx, mail.Envelope{Kind: "test", To: to, Locale: "en", Content: mail.Content{Subject: "x"}}); err != nil {
			t.Fatal(err)
		}
		return errRollback
	})
	var n int64
	db.Model(&mail.Message{}).Where("to_addr = ?", to).Count(&n)
	if n != 0 {
		t.Fatalf("%d messages survived the rollback", n)
	}
}

var errRollback = errors.New("roll back")

func TestSMTPURL(t *testing.T) {
	for _, tc := range []struct {
		url  string
		from string
		ok   bool
	}{
		{"smtp://user:pass@mail.example.ch:587", from, true},
		{"smtps://user:pass@mail.example.ch", from, true},
		{"smtp://127.0.0.1:1025?starttls=off", from, true},
		{"http://mail.example.ch", from, false},
		{"smtp://", from, false},
		{"smtp://mail.example.ch:x", from, false},
		{"smtp://mail.example.ch", "", false},
		{"smtp://mail.example.ch", "not an address", false},
	} {
		_, err := mail.NewSMTP(mail.SMTPConfig{URL: tc.url, From: tc.from})
		if (err == nil) != tc.ok {
			t.Errorf("%q from %q: err %v, want ok=%v", tc.url, tc.from, err, tc.ok)
		}
	}
}
