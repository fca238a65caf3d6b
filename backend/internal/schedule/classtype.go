package schedule

import (
	"context"
	"fmt"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/platform/patch"
	"github.com/trainingclub/platform/backend/internal/web"
)

// ClassTypeInput creates or (all fields optional) patches a class type.
type ClassTypeInput struct {
	Name            *string `json:"name"`
	Description     *string `json:"description"`
	Level           *string `json:"level"`
	DurationMinutes *int    `json:"duration_minutes"`
	CreditCost      *int    `json:"credit_cost"`
}

func validateClassType(ct ClassType) error {
	var v apperr.Validation
	v.CheckLength("name", ct.Name, 1, 120)
	v.CheckLength("description", ct.Description, 0, 5000)
	v.Check(levels[ct.Level], "level", "must be beginner, intermediate, advanced or all")
	v.Check(ct.DurationMinutes >= 5 && ct.DurationMinutes <= 600, "duration_minutes", "must be from 5 to 600")
	v.Check(ct.CreditCost >= 0 && ct.CreditCost <= 100, "credit_cost", "must be from 0 to 100")
	return v.Err()
}

func (ct *ClassType) apply(in ClassTypeInput) {
	patch.SetTrimmed(&ct.Name, in.Name)
	patch.Set(&ct.Description, in.Description)
	patch.Set(&ct.Level, in.Level)
	patch.Set(&ct.DurationMinutes, in.DurationMinutes)
	patch.Set(&ct.CreditCost, in.CreditCost)
}

// ClassTypes lists class types by name.
func (s *Service) ClassTypes(ctx context.Context, page web.Page) ([]ClassType, int64, error) {
	out, total, err := s.st.listClassTypes(ctx, page)
	if err != nil {
		return nil, 0, fmt.Errorf("list class types: %w", err)
	}
	return out, total, nil
}

// ClassType returns one class type.
func (s *Service) ClassType(ctx context.Context, id uint64) (ClassType, error) {
	ct, err := s.st.classType(ctx, s.db, id)
	if err != nil {
		return ClassType{}, apperr.Wrap(err, "class type %d", id)
	}
	return ct, nil
}

// CreateClassType validates and stores a class type (level defaults to all, cost to 1 credit).
func (s *Service) CreateClassType(ctx context.Context, in ClassTypeInput) (ClassType, error) {
	ct := ClassType{Level: "all", CreditCost: 1}
	ct.apply(in)
	if err := validateClassType(ct); err != nil {
		return ClassType{}, err
	}
	if err := s.st.insertClassType(ctx, &ct); err != nil {
		return ClassType{}, err
	}
	return ct, nil
}

// UpdateClassType patches class type id. Credits already spent keep their amount.
func (s *Service) UpdateClassType(ctx context.Context, id uint64, in ClassTypeInput) (ClassType, error) {
	ct, err := s.ClassType(ctx, id)
	if err != nil {
		return ClassType{}, err
	}
	ct.apply(in)
	if err := validateClassType(ct); err != nil {
		return ClassType{}, err
	}
	if err := s.st.saveClassType(ctx, &ct); err != nil {
		return ClassType{}, err
	}
	s.Invalidate(ctx)
	return ct, nil
}

// DeleteClassType deletes a class type no session uses.
func (s *Service) DeleteClassType(ctx context.Context, id uint64) error {
	return s.st.deleteClassType(ctx, id)
}

// SessionsByID loads several sessions at once (for lists of bookings).
func (s *Service) SessionsByID(ctx context.Context, ids []uint64) (map[uint64]Session, error) {
	m, err := s.st.sessionsByID(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("load %d sessions: %w", len(ids), err)
	}
	return m, nil
}
