package membership

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/audit"
	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/platform/query"
	"github.com/trainingclub/platform/backend/internal/web"
)

// Staff corrections to an entitlement, each written to the entitlement ledger and the audit log
// in the transaction that makes it.

// Ledger actions.
const (
	LedgerAdjustCredits = "adjust_credits"
	LedgerRevoke        = "revoke"
	LedgerExtend        = "extend"
)

// Errors of the staff corrections.
var (
	ErrNotCreditPack    = apperr.Conflict("not_a_credit_pack", "only a credit pack has credits to adjust")
	ErrRevoked          = apperr.Conflict("entitlement_revoked", "the entitlement is revoked")
	ErrCreditsBelowZero = apperr.Conflict("credits_below_zero", "the adjustment would leave fewer than zero credits")
	ErrExtendNotLater   = apperr.Conflict("extend_not_later", "the new expiry must be later than the current one")
)

const (
	maxCreditAdjustment   = 500
	maxExtensionFromToday = 5 * 366 * 24 * time.Hour
)

// LedgerEntry is one staff correction of an entitlement.
type LedgerEntry struct {
	ID            uint64    `json:"id" gorm:"primaryKey"`
	EntitlementID uint64    `json:"entitlement_id"`
	UserID        uint64    `json:"user_id"`
	ActorID       uint64    `json:"actor_id"`
	ActorName     string    `json:"actor_name" gorm:"->"`
	Action        string    `json:"action"`
	Reason        string    `json:"reason"`
	CreditsBefore int       `json:"credits_before"`
	CreditsAfter  int       `json:"credits_after"`
	EndsBefore    time.Time `json:"ends_before"`
	EndsAfter     time.Time `json:"ends_after"`
	CreatedAt     time.Time `json:"created_at"`
}

// TableName maps LedgerEntry to its table.
func (LedgerEntry) TableName() string { return "entitlement_ledger" }

// Auditor records staff actions in the audit log (audit.Service).
type Auditor interface {
	RecordTx(ctx context.Context, tx *gorm.DB, c audit.Change) error
}

// SetAuditor makes every staff correction also write an audit entry.
func (s *Service) SetAuditor(a Auditor) { s.audit = a }

// Correction is a staff change to an entitlement: Delta credits (adjust), a new expiry (extend)
// or nothing (revoke), always with a reason.
type Correction struct {
	Delta  int        `json:"delta"`
	EndsAt *time.Time `json:"ends_at"`
	Reason string     `json:"reason"`
}

func checkReason(v *apperr.Validation, reason string) string {
	r := strings.TrimSpace(reason)
	v.CheckLength("reason", r, 3, 500)
	return r
}

// AdjustCredits adds c.Delta (negative: removes) credits to pack id. Granting more than the pack
// held raises its total too, so the ledger, not the total, tells what was bought.
func (s *Service) AdjustCredits(ctx context.Context, actor auth.Principal, id uint64, c Correction) (Entitlement, error) {
	var v apperr.Validation
	c.Reason = checkReason(&v, c.Reason)
	v.Check(c.Delta != 0 && c.Delta >= -maxCreditAdjustment && c.Delta <= maxCreditAdjustment, "delta", "must be a non-zero number of credits from -500 to 500")
	v.Check(c.EndsAt == nil, "ends_at", "is not part of a credit adjustment")
	if err := v.Err(); err != nil {
		return Entitlement{}, err
	}
	return s.correct(ctx, actor, id, LedgerAdjustCredits, c.Reason, func(e *Entitlement) (map[string]any, error) {
		if e.Kind != KindCreditPack {
			return nil, ErrNotCreditPack
		}
		after := e.CreditsRemaining + c.Delta
		if after < 0 {
			return nil, ErrCreditsBelowZero
		}
		e.CreditsRemaining = after
		e.CreditsTotal = max(e.CreditsTotal, after)
		return map[string]any{"credits_remaining": e.CreditsRemaining, "credits_total": e.CreditsTotal}, nil
	})
}

// ExtendExpiry moves the end of entitlement id to c.EndsAt (later than now and the current end).
func (s *Service) ExtendExpiry(ctx context.Context, actor auth.Principal, id uint64, c Correction) (Entitlement, error) {
	var v apperr.Validation
	c.Reason = checkReason(&v, c.Reason)
	v.Check(c.Delta == 0, "delta", "is not part of an extension")
	now := s.clock()
	if c.EndsAt == nil {
		v.Add("ends_at", "is required")
	} else {
		end := c.EndsAt.UTC().Truncate(time.Microsecond)
		c.EndsAt = &end
		web.CheckTime(&v, "ends_at", end)
		v.Check(end.After(now) && end.Before(now.Add(maxExtensionFromToday)), "ends_at", "must be in the future and within five years")
	}
	if err := v.Err(); err != nil {
		return Entitlement{}, err
	}
	return s.correct(ctx, actor, id, LedgerExtend, c.Reason, func(e *Entitlement) (map[string]any, error) {
		if !c.EndsAt.After(e.EndsAt) {
			return nil, ErrExtendNotLater
		}
		e.EndsAt = *c.EndsAt
		return map[string]any{"ends_at": e.EndsAt}, nil
	})
}

// RevokeWithReason revokes entitlement id (see RevokeTx) as a staff correction.
func (s *Service) RevokeWithReason(ctx context.Context, actor auth.Principal, id uint64, c Correction) (Entitlement, error) {
	var v apperr.Validation
	c.Reason = checkReason(&v, c.Reason)
	v.Check(c.Delta == 0, "delta", "is not part of a revocation")
	v.Check(c.EndsAt == nil, "ends_at", "is not part of a revocation")
	if err := v.Err(); err != nil {
		return Entitlement{}, err
	}
	now := s.clock()
	return s.correct(ctx, actor, id, LedgerRevoke, c.Reason, func(e *Entitlement) (map[string]any, error) {
		e.RevokedAt = &now
		e.CreditsRemaining = 0
		if e.Kind == KindMembership && e.EndsAt.After(now) {
			e.EndsAt = now
			if !e.EndsAt.After(e.StartsAt) {
				e.EndsAt = e.StartsAt.Add(time.Microsecond)
			}
		}
		return map[string]any{"revoked_at": now, "credits_remaining": 0, "ends_at": e.EndsAt}, nil
	})
}

// correct runs one correction under the entitlement's row lock: change updates e and names the
// columns to write; the ledger and audit entries commit with it.
func (s *Service) correct(ctx context.Context, actor auth.Principal, id uint64, action, reason string,
	change func(e *Entitlement) (map[string]any, error)) (Entitlement, error) {
	var out Entitlement
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		e, err := s.st.lockEntitlement(ctx, tx, id)
		if err != nil {
			return err
		}
		if e.RevokedAt != nil {
			return ErrRevoked
		}
		e.decorate(s.clock())
		before := e
		cols, err := change(&e)
		if err != nil {
			return err
		}
		if err := s.st.updateEntitlement(ctx, tx, id, cols); err != nil {
			return err
		}
		l := LedgerEntry{EntitlementID: id, UserID: e.UserID, ActorID: actor.UserID, Action: action, Reason: reason,
			CreditsBefore: before.CreditsRemaining, CreditsAfter: e.CreditsRemaining, EndsBefore: before.EndsAt, EndsAfter: e.EndsAt, CreatedAt: s.clock()}
		if err := s.st.insertLedger(ctx, tx, &l); err != nil {
			return err
		}
		e.decorate(s.clock())
		out = e
		if s.audit == nil {
			return nil
		}
		return s.audit.RecordTx(ctx, tx, audit.Change{Action: "entitlement." + action, TargetType: "entitlements", TargetID: id,
			Reason: reason, Before: before, After: e})
	})
	if err != nil {
		return Entitlement{}, apperr.Wrap(err, "%s entitlement %d", action, id)
	}
	return out, nil
}

// Ledger lists the corrections of entitlement id, newest first.
func (s *Service) Ledger(ctx context.Context, id uint64, page web.Page) ([]LedgerEntry, int64, error) {
	if _, err := s.st.entitlement(ctx, s.db, id); err != nil {
		return nil, 0, apperr.Wrap(err, "ledger of entitlement %d", id)
	}
	list, total, err := s.st.ledger(ctx, id, page)
	if err != nil {
		return nil, 0, fmt.Errorf("ledger of entitlement %d: %w", id, err)
	}
	return list, total, nil
}

// EntitlementsOf lists the entitlements of user id for staff (ErrUserNotFound when none).
func (s *Service) EntitlementsOf(ctx context.Context, userID uint64, page web.Page) ([]Entitlement, int64, error) {
	ok, err := s.st.userExists(ctx, s.db, userID)
	if err != nil {
		return nil, 0, fmt.Errorf("entitlements of user %d: %w", userID, err)
	}
	if !ok {
		return nil, 0, ErrUserNotFound
	}
	return s.ListEntitlements(ctx, userID, page)
}

// --- store ---

func (s store) lockEntitlement(ctx context.Context, tx *gorm.DB, id uint64) (Entitlement, error) {
	return s.entitlement(ctx, query.ForUpdate(tx), id)
}

func (s store) updateEntitlement(ctx context.Context, tx *gorm.DB, id uint64, cols map[string]any) error {
	return tx.WithContext(ctx).Table("entitlements").Where("id = ?", id).Updates(cols).Error
}

func (s store) insertLedger(ctx context.Context, tx *gorm.DB, l *LedgerEntry) error {
	return tx.WithContext(ctx).Omit("ActorName").Create(l).Error
}

func (s store) ledger(ctx context.Context, id uint64, page web.Page) ([]LedgerEntry, int64, error) {
	return query.Page[LedgerEntry](s.db.WithContext(ctx).Model(&LedgerEntry{}).Where("entitlement_id = ?", id),
		s.db.WithContext(ctx).Table("entitlement_ledger l").Select("l.*, u.name AS actor_name").
			Joins("LEFT JOIN users u ON u.id = l.actor_id").Where("l.entitlement_id = ?", id),
		"l.id DESC", page)
}
