package auth

import (
	"context"
	"fmt"
	"net/url"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/mail"
)

// Kinds of account mail. None can be turned off: they are about the account's security.
const (
	MailVerifyEmail     = "verify_email"
	MailPasswordReset   = "password_reset"
	MailPasswordChanged = "password_changed"
	MailConfirmNewEmail = "confirm_new_email"
	MailEmailChanged    = "email_changed"
	MailAccountErased   = "account_erased"
)

// UseMail lets the service send account mail through outbox, with links to the frontend at
// publicURL. Without it (create-admin) no mail is written.
func (s *Service) UseMail(outbox *mail.Outbox, publicURL string) {
	s.outbox, s.publicURL = outbox, publicURL
}

func (s *Service) link(path, token string) string {
	return s.publicURL + path + "?token=" + url.QueryEscape(token)
}

// accountText is one account mail in both languages.
type accountText struct{ subject, body, action string }

var accountTexts = map[string]map[string]accountText{
	MailVerifyEmail: {
		LocaleEN: {"Confirm your e-mail address", "Welcome to the club! Please confirm your e-mail address. Until you do, you can book with credits you were given, but not buy a membership. The link is valid for 7 days.", "Confirm e-mail address"},
		LocaleDE: {"Bestätige deine E-Mail-Adresse", "Willkommen im Club! Bitte bestätige deine E-Mail-Adresse. Bis dahin kannst du mit geschenkten Guthaben buchen, aber kein Abo kaufen. Der Link ist 7 Tage gültig.", "E-Mail-Adresse bestätigen"},
	},
	MailPasswordReset: {
		LocaleEN: {"Reset your password", "Someone (hopefully you) asked to reset the password of your account. The link is valid for 30 minutes and works once; setting a new password signs you out everywhere. If you did not ask, ignore this message.", "Set a new password"},
		LocaleDE: {"Passwort zurücksetzen", "Jemand (hoffentlich du) möchte das Passwort deines Kontos zurücksetzen. Der Link ist 30 Minuten gültig und funktioniert einmal; mit dem neuen Passwort wirst du überall abgemeldet. Falls du das nicht warst, ignoriere diese Nachricht.", "Neues Passwort festlegen"},
	},
	MailPasswordChanged: {
		LocaleEN: {"Your password was changed", "The password of your account was changed and every session was signed out. If this was not you, reset your password at once and contact the club.", ""},
		LocaleDE: {"Dein Passwort wurde geändert", "Das Passwort deines Kontos wurde geändert und alle Sitzungen wurden abgemeldet. Falls du das nicht warst, setze dein Passwort sofort zurück und melde dich beim Club.", ""},
	},
	MailConfirmNewEmail: {
		LocaleEN: {"Confirm your new e-mail address", "You asked to use this address for your club account. Confirm it with the link below (valid for 24 hours); until then your old address stays in use.", "Confirm new address"},
		LocaleDE: {"Neue E-Mail-Adresse bestätigen", "Du möchtest diese Adresse für dein Clubkonto verwenden. Bestätige sie mit dem Link unten (24 Stunden gültig); bis dahin bleibt deine alte Adresse aktiv.", "Neue Adresse bestätigen"},
	},
	MailEmailChanged: {
		LocaleEN: {"Your e-mail address was changed", "The e-mail address of your club account was changed; mail now goes to the new address. If this was not you, contact the club.", ""},
		LocaleDE: {"Deine E-Mail-Adresse wurde geändert", "Die E-Mail-Adresse deines Clubkontos wurde geändert; Nachrichten gehen nun an die neue Adresse. Falls du das nicht warst, melde dich beim Club.", ""},
	},
	MailAccountErased: {
		LocaleEN: {"Your account was deleted", "Your club account was deleted: your name, e-mail address and profile are erased, and your upcoming bookings were cancelled with their credits returned. Orders are kept, anonymised, for the club's accounting. This is the last message you get from us.", ""},
		LocaleDE: {"Dein Konto wurde gelöscht", "Dein Clubkonto wurde gelöscht: Name, E-Mail-Adresse und Profil sind entfernt, deine kommenden Buchungen wurden storniert und die Guthaben zurückgebucht. Bestellungen bleiben anonymisiert für die Buchhaltung des Clubs erhalten. Dies ist unsere letzte Nachricht an dich.", ""},
	},
}

var greetings = map[string]string{LocaleEN: "Hello %s,", LocaleDE: "Hallo %s"}

// Greeting is the salutation of a mail to name in locale.
func Greeting(locale, name string) string {
	g, ok := greetings[locale]
	if !ok {
		g = greetings[LocaleEN]
	}
	return fmt.Sprintf(g, name)
}

// accountMail enqueues an account mail of kind to addr inside tx; actionURL is the link of
// kinds that have one. Without UseMail nothing is written.
func (s *Service) accountMail(ctx context.Context, tx *gorm.DB, kind string, u User, addr, actionURL string) error {
	if s.outbox == nil {
		return nil
	}
	loc := u.Locale
	if !validLocale(loc) {
		loc = LocaleEN
	}
	t := accountTexts[kind][loc]
	c := mail.Content{Subject: t.subject, Greeting: Greeting(loc, u.Name), Paragraphs: []string{t.body}}
	if actionURL != "" {
		c.Action = &mail.Action{Label: t.action, URL: actionURL}
	}
	id := u.ID
	return s.outbox.EnqueueTx(ctx, tx, mail.Envelope{Kind: kind, UserID: &id, To: addr, Locale: loc, Content: c})
}
