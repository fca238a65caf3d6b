package auth

import "time"

// User is a row of the users table.
type User struct {
	ID              uint64 `gorm:"primaryKey"`
	Email           string
	PasswordHash    string
	Name            string
	Role            Role
	Bio             *string
	AvatarUploadID  *uint64
	CreatedAt       time.Time
	UpdatedAt       time.Time
	DeletedAt       *time.Time // set when the account was erased (see Store.Erase)
	TokenVersion    uint64     // access tokens carry it; changes that end sessions add one (migration 0024)
	Locale          string     // language of the account's mail: en or de (migration 0026)
	EmailVerifiedAt *time.Time // nil until the address was confirmed (migration 0026)
}

// TableName pins the table (migration 0001).
func (User) TableName() string { return "users" }

// UserView is a user as the API shows it: never the password hash.
type UserView struct {
	ID             uint64    `json:"id"`
	Email          string    `json:"email"`
	Name           string    `json:"name"`
	Role           Role      `json:"role"`
	Bio            *string   `json:"bio"`
	AvatarUploadID *uint64   `json:"avatar_upload_id"`
	CreatedAt      time.Time `json:"created_at"`
	Locale         string    `json:"locale"`
	EmailVerified  bool      `json:"email_verified"`
	// DeletedAt appears only on erased accounts (admins can still look them up by id).
	DeletedAt *time.Time `json:"deleted_at,omitempty"`
}

// View converts u for the API.
func (u User) View() UserView {
	v := UserView{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, Bio: u.Bio,
		AvatarUploadID: u.AvatarUploadID, CreatedAt: u.CreatedAt.UTC(), Locale: u.Locale, EmailVerified: u.EmailVerifiedAt != nil}
	if v.Locale == "" {
		v.Locale = LocaleEN
	}
	if u.DeletedAt != nil {
		d := u.DeletedAt.UTC()
		v.DeletedAt = &d
	}
	return v
}

// TrainerView is a trainer's public profile (no email).
type TrainerView struct {
	ID             uint64  `json:"id"`
	Name           string  `json:"name"`
	Bio            *string `json:"bio"`
	AvatarUploadID *uint64 `json:"avatar_upload_id"`
}

// TrainerView converts u to its public profile.
func (u User) TrainerView() TrainerView {
	return TrainerView{ID: u.ID, Name: u.Name, Bio: u.Bio, AvatarUploadID: u.AvatarUploadID}
}

// Session is what a successful register, login or refresh returns.
type Session struct {
	User         UserView `json:"user"`
	AccessToken  string   `json:"access_token"`
	RefreshToken string   `json:"refresh_token"`
	TokenType    string   `json:"token_type"`
	ExpiresIn    int      `json:"expires_in"`
}

// UserFilter narrows the admin user list.
type UserFilter struct {
	Role  Role   // empty: every role
	Query string // substring of email or name
}

// Locales an account's mail can be written in (the frontend's en and de-CH).
const (
	LocaleEN = "en"
	LocaleDE = "de"
)

func validLocale(l string) bool { return l == LocaleEN || l == LocaleDE }
