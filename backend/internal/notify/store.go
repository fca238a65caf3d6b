package notify

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/platform/query"
)

type store struct{ db *gorm.DB }

type optOut struct {
	UserID uint64 `gorm:"primaryKey"`
	Kind   string `gorm:"primaryKey"`
}

func (optOut) TableName() string { return "mail_opt_outs" }

type calendarFeed struct {
	UserID    uint64 `gorm:"primaryKey"`
	TokenHash string
	CreatedAt time.Time
}

func (calendarFeed) TableName() string { return "calendar_feeds" }

// optedOut reports whether userID turned kind off (read inside the notifying transaction).
func (st store) optedOut(ctx context.Context, tx *gorm.DB, userID uint64, kind string) (bool, error) {
	var n int64
	err := tx.WithContext(ctx).Model(&optOut{}).Where("user_id = ? AND kind = ?", userID, kind).Count(&n).Error
	return n > 0, err
}

func (st store) optOuts(ctx context.Context, userID uint64) ([]string, error) {
	var kinds []string
	err := st.db.WithContext(ctx).Model(&optOut{}).Where("user_id = ?", userID).Pluck("kind", &kinds).Error
	return kinds, err
}

func (st store) setPreference(ctx context.Context, userID uint64, kind string, on bool) error {
	if on {
		return st.db.WithContext(ctx).Where("user_id = ? AND kind = ?", userID, kind).Delete(&optOut{}).Error
	}
	return st.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&optOut{UserID: userID, Kind: kind}).Error
}

// replaceFeed stores the hash of a new feed token for userID; the old one stops working.
func (st store) replaceFeed(ctx context.Context, userID uint64, token string) error {
	row := calendarFeed{UserID: userID, TokenHash: auth.HashToken(token), CreatedAt: time.Now().UTC().Truncate(time.Microsecond)}
	return st.db.WithContext(ctx).Clauses(clause.OnConflict{UpdateAll: true}).Create(&row).Error
}

func (st store) deleteFeed(ctx context.Context, userID uint64) error {
	return st.db.WithContext(ctx).Where("user_id = ?", userID).Delete(&calendarFeed{}).Error
}

func (st store) feedOf(ctx context.Context, userID uint64) (*calendarFeed, error) {
	f, found, err := query.Maybe[calendarFeed](st.db.WithContext(ctx), "user_id = ?", userID)
	if err != nil || !found {
		return nil, apperr.Wrap(err, "calendar feed of user %d", userID)
	}
	return &f, nil
}

// feedUser finds the member of a feed token; ok is false for unknown (or revoked) tokens.
func (st store) feedUser(ctx context.Context, token string) (uint64, bool, error) {
	f, found, err := query.Maybe[calendarFeed](st.db.WithContext(ctx), "token_hash = ?", auth.HashToken(token))
	return f.UserID, found, apperr.Wrap(err, "find calendar feed")
}
