package main

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/trainingclub/platform/backend/internal/testenv"
)

// newMailAPI is newAPI with mail delivered to the test Mailpit and links to club.example.test.
func newMailAPI(t *testing.T) (*api, testenv.Mailpit) {
	t.Helper()
	mp := testenv.MailpitServer(t)
	env := testEnv(t)
	env["SMTP_URL"], env["MAIL_FROM"], env["PUBLIC_URL"] = mp.SMTPURL, "Training Club <club@example.test>", "https://club.example.test"
	env["CLUB_NAME"], env["CLUB_ADDRESS"], env["CLUB_VAT_LINE"] = "Training Club Zürich", "Seestrasse 1|8002 Zürich", "MWST-Nr. CHE-123.456.789 MWST"
	env["STRIPE_API_KEY"], env["STRIPE_WEBHOOK_SECRET"], env["STRIPE_API_BASE"] = "sk_test_123fakekey", testWebhookSecret, deadStripe
	return newAPIWith(t, env), mp
}

// wantSubject waits for the n-th mail to addr and checks the subject of the newest.
func wantSubject(t *testing.T, mp testenv.Mailpit, addr string, n int, subject string) testenv.MailMessage {
	t.Helper()
	m := mailTo(t, mp, addr, n)
	if m.Subject != subject {
		t.Errorf("mail %d to %s: subject %q, want %q", n, addr, m.Subject, subject)
	}
	return m
}

var tokenInLink = regexp.MustCompile(`https://club\.example\.test/(reset-password|verify-email)\?token=([A-Za-z0-9_-]+)`)

// mailedToken waits for the n-th message to addr (n counted from 1, oldest first) and returns
// it with the token of its link.
func mailedToken(t *testing.T, mp testenv.Mailpit, addr string, n int) (testenv.MailMessage, string) {
	t.Helper()
	list := mp.WaitTo(t, addr, n)
	msg := mp.Message(t, list[0].ID) // newest first
	m := tokenInLink.FindStringSubmatch(msg.Text)
	if m == nil {
		t.Fatalf("no link in %q:\n%s", msg.Subject, msg.Text)
	}
	if !strings.Contains(msg.HTML, m[0]) {
		t.Errorf("the HTML part lacks the link %s", m[0])
	}
	return msg, m[2]
}

func TestForgotPasswordAnswersAlikeForKnownAndUnknownAddresses(t *testing.T) {
	a, mp := newMailAPI(t)
	known, _ := a.registerUser(t, "forgot-known")
	unknown := testenv.UniqueEmail("forgot-unknown")
	rk := a.callFrom(t, uniqueIP(), http.MethodPost, "/api/auth/forgot-password", "", map[string]string{"email": known})
	ru := a.callFrom(t, uniqueIP(), http.MethodPost, "/api/auth/forgot-password", "", map[string]string{"email": unknown})
	if rk.Status != http.StatusAccepted || ru.Status != rk.Status || string(ru.Body) != string(rk.Body) {
		t.Fatalf("known %d %s, unknown %d %s", rk.Status, rk.Body, ru.Status, ru.Body)
	}
	msg, _ := mailedToken(t, mp, known, 2) // verification, then the reset
	if msg.Subject != "Reset your password" {
		t.Errorf("subject %q", msg.Subject)
	}
	if got := mp.To(t, unknown); len(got) != 0 {
		t.Fatalf("%d mails to an unknown address", len(got))
	}
	// The per-address limit counts unknown addresses the same way (3 an hour).
	for i := 0; i < 2; i++ {
		for _, addr := range []string{known, unknown} {
			a.callFrom(t, uniqueIP(), http.MethodPost, "/api/auth/forgot-password", "", map[string]string{"email": addr})
		}
	}
	rk = a.callFrom(t, uniqueIP(), http.MethodPost, "/api/auth/forgot-password", "", map[string]string{"email": known})
	ru = a.callFrom(t, uniqueIP(), http.MethodPost, "/api/auth/forgot-password", "", map[string]string{"email": unknown})
	if rk.Status != http.StatusTooManyRequests || ru.Status != http.StatusTooManyRequests {
		t.Fatalf("4th request: known %d, unknown %d; want 429 for both", rk.Status, ru.Status)
	}
}

func TestResetPasswordIsSingleUseAndSignsOutEverySession(t *testing.T) {
	a, mp := newMailAPI(t)
	email, first := a.registerUser(t, "reset")
	second := decodeSession(t, a.callFrom(t, uniqueIP(), http.MethodPost, "/api/auth/login", "", map[string]string{"email": email, "password": testPassword}))
	if r := a.callFrom(t, uniqueIP(), http.MethodPost, "/api/auth/forgot-password", "", map[string]string{"email": email}); r.Status != http.StatusAccepted {
		t.Fatalf("forgot: %d %s", r.Status, r.Body)
	}
	_, token := mailedToken(t, mp, email, 2)
	const newPassword = "a brand new passphrase"
	r := a.callFrom(t, uniqueIP(), http.MethodPost, "/api/auth/reset-password", "", map[string]string{"token": token, "new_password": newPassword})
	if r.Status != http.StatusNoContent {
		t.Fatalf("reset: %d %s", r.Status, r.Body)
	}
	for _, s := range []sessionBody{first, second} {
		if r := a.call(t, http.MethodGet, "/api/me", s.AccessToken, nil); r.Status != http.StatusUnauthorized {
			t.Errorf("old access token after reset: %d", r.Status)
		}
		if r := a.callFrom(t, uniqueIP(), http.MethodPost, "/api/auth/refresh", "", map[string]string{"refresh_token": s.RefreshToken}); r.Status != http.StatusUnauthorized {
			t.Errorf("old refresh token after reset: %d", r.Status)
		}
	}
	if r := a.callFrom(t, uniqueIP(), http.MethodPost, "/api/auth/login", "", map[string]string{"email": email, "password": testPassword}); r.Status != http.StatusUnauthorized {
		t.Errorf("old password still works: %d", r.Status)
	}
	s := decodeSession(t, a.callFrom(t, uniqueIP(), http.MethodPost, "/api/auth/login", "", map[string]string{"email": email, "password": newPassword}))
	if s.User["email_verified"] != true {
		t.Errorf("a reset proves the address: %v", s.User["email_verified"])
	}
	r = a.callFrom(t, uniqueIP(), http.MethodPost, "/api/auth/reset-password", "", map[string]string{"token": token, "new_password": "yet another passphrase"})
	if r.Status != http.StatusUnprocessableEntity || r.ErrorCode() != "token_invalid" {
		t.Fatalf("second use: %d %s", r.Status, r.Body)
	}
	wantSubject(t, mp, email, 3, "Your password was changed")
}

func TestResetTokenExpiresAfter30Minutes(t *testing.T) {
	a, mp := newMailAPI(t)
	email, s := a.registerUser(t, "expire")
	a.callFrom(t, uniqueIP(), http.MethodPost, "/api/auth/forgot-password", "", map[string]string{"email": email})
	_, token := mailedToken(t, mp, email, 2)
	var minutes float64
	testenv.DB(t).Raw("SELECT TIMESTAMPDIFF(SECOND, created_at, expires_at) / 60 FROM account_tokens WHERE user_id = ? AND purpose = 'password_reset' AND used_at IS NULL", s.User["id"]).Scan(&minutes)
	if minutes < 29.9 || minutes > 30.1 {
		t.Errorf("token valid %.1f minutes, want 30", minutes)
	}
	testenv.DB(t).Exec("UPDATE account_tokens SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE user_id = ? AND purpose = 'password_reset'", s.User["id"])
	r := a.callFrom(t, uniqueIP(), http.MethodPost, "/api/auth/reset-password", "", map[string]string{"token": token, "new_password": "a brand new passphrase"})
	if r.Status != http.StatusUnprocessableEntity || r.ErrorCode() != "token_invalid" {
		t.Fatalf("expired token: %d %s", r.Status, r.Body)
	}
	if r := a.callFrom(t, uniqueIP(), http.MethodPost, "/api/auth/reset-password", "", map[string]string{"token": "not-a-token", "new_password": "a brand new passphrase"}); r.ErrorCode() != "token_invalid" {
		t.Fatalf("unknown token: %d %s", r.Status, r.Body)
	}
}

func TestVerificationInGermanGatesBuyingAndEmailChangeNeedsTheNewAddress(t *testing.T) {
	a, mp := newMailAPI(t)
	email := testenv.UniqueEmail("verify")
	r := a.callFrom(t, uniqueIP(), http.MethodPost, "/api/auth/register", "", map[string]string{"email": email, "password": testPassword, "name": "Anna", "locale": "de"})
	s := decodeSession(t, r)
	if s.User["email_verified"] != false || s.User["locale"] != "de" {
		t.Fatalf("new account: %v", s.User)
	}
	msg, token := mailedToken(t, mp, email, 1)
	if msg.Subject != "Bestätige deine E-Mail-Adresse" || !strings.Contains(msg.Text, "Hallo Anna") || !strings.Contains(msg.HTML, `lang="de-CH"`) {
		t.Errorf("german verification mail: %q\n%s", msg.Subject, msg.Text)
	}
	if r := a.call(t, http.MethodPost, "/api/orders", s.AccessToken, map[string]any{"plan_id": 1}); r.Status != http.StatusForbidden || r.ErrorCode() != "email_unverified" {
		t.Fatalf("unverified checkout: %d %s", r.Status, r.Body)
	}
	if r := a.call(t, http.MethodPost, "/api/me/verify-email/resend", s.AccessToken, nil); r.Status != http.StatusAccepted {
		t.Fatalf("resend: %d %s", r.Status, r.Body)
	}
	_, resent := mailedToken(t, mp, email, 2)
	if r := a.callFrom(t, uniqueIP(), http.MethodPost, "/api/auth/verify-email", "", map[string]string{"token": token}); r.ErrorCode() != "token_invalid" {
		t.Fatalf("the older link should end with a resend: %d %s", r.Status, r.Body)
	}
	r = a.callFrom(t, uniqueIP(), http.MethodPost, "/api/auth/verify-email", "", map[string]string{"token": resent})
	if r.Status != http.StatusOK || r.JSON(t)["email_verified"] != true {
		t.Fatalf("verify: %d %s", r.Status, r.Body)
	}
	if r := a.call(t, http.MethodPost, "/api/me/verify-email/resend", s.AccessToken, nil); r.Status != http.StatusConflict {
		t.Fatalf("resend when verified: %d", r.Status)
	}

	// E-mail change: nothing changes until the new address confirms.
	newEmail := testenv.UniqueEmail("verify-new")
	if r := a.call(t, http.MethodPost, "/api/me/email", s.AccessToken, map[string]string{"new_email": newEmail, "password": "wrong password!"}); r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("wrong password: %d %s", r.Status, r.Body)
	}
	if r := a.call(t, http.MethodPost, "/api/me/email", s.AccessToken, map[string]string{"new_email": newEmail, "password": testPassword}); r.Status != http.StatusAccepted {
		t.Fatalf("change: %d %s", r.Status, r.Body)
	}
	if me := a.call(t, http.MethodGet, "/api/me", s.AccessToken, nil).JSON(t); me["email"] != email {
		t.Fatalf("address changed before confirmation: %v", me["email"])
	}
	confirm, changeToken := mailedToken(t, mp, newEmail, 1)
	if confirm.Subject != "Neue E-Mail-Adresse bestätigen" {
		t.Errorf("confirm subject %q", confirm.Subject)
	}
	if r := a.callFrom(t, uniqueIP(), http.MethodPost, "/api/auth/verify-email", "", map[string]string{"token": changeToken}); r.Status != http.StatusOK || r.JSON(t)["email"] != newEmail {
		t.Fatalf("confirm change: %d %s", r.Status, r.Body)
	}
	wantSubject(t, mp, email, 3, "Deine E-Mail-Adresse wurde geändert") // the notice to the old address
}

func TestErasingAnAccountMailsTheOldAddressOnce(t *testing.T) {
	a, mp := newMailAPI(t)
	email, s := a.registerUser(t, "erase")
	if r := a.call(t, http.MethodDelete, "/api/me", s.AccessToken, map[string]string{"password": testPassword}); r.Status != http.StatusNoContent {
		t.Fatalf("delete me: %d %s", r.Status, r.Body)
	}
	bye := wantSubject(t, mp, email, 2, "Your account was deleted") // verification, then the goodbye
	if !strings.Contains(bye.Text, "upcoming bookings were cancelled") {
		t.Fatalf("goodbye mail: %q\n%s", bye.Subject, bye.Text)
	}
}

func TestHealthSaysWhetherMailIsOnAndMetricsCountDeliveries(t *testing.T) {
	off := newAPI(t)
	if f := off.call(t, http.MethodGet, "/api/health", "", nil).JSON(t)["features"]; f.(map[string]any)["mail"] != "off" {
		t.Fatalf("without SMTP_URL: features %v", f)
	}
	on, mp := newMailAPI(t)
	if f := on.call(t, http.MethodGet, "/api/health", "", nil).JSON(t)["features"]; f.(map[string]any)["mail"] != "on" {
		t.Fatalf("with SMTP_URL: features %v", f)
	}
	email, _ := on.registerUser(t, "metrics")
	mp.WaitTo(t, email, 1)
	// The worker records the delivery (and counts it) just after the SMTP server took it. The
	// outbox gauge counts the whole table, which the package's other tests share: at least ours.
	want := []string{`mail_sent_total{kind="verify_email"} 1`, "mail_send_duration_seconds_count"}
	sentInOutbox := regexp.MustCompile(`(?m)^mail_outbox_messages\{status="sent"\} [1-9][0-9]*$`)
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(on.base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var missing []string
		for _, w := range want {
			if !strings.Contains(string(body), w) {
				missing = append(missing, w)
			}
		}
		if !sentInOutbox.Match(body) {
			missing = append(missing, sentInOutbox.String())
		}
		if len(missing) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("/metrics lacks %v", missing)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
