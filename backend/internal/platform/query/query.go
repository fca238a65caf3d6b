// Package query holds the GORM query shapes stores repeat: one page of a list with the total it
// belongs to, one row that may be missing, a row locked for update, and a time range filter.
package query

import (
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Window is the slice of a list a page asks for (web.Page is one).
type Window interface {
	Limit() int
	Offset() int
}

// Page counts the rows count matches and reads the rows of w from list in order. Pass the same
// query twice when the list needs no joins the count can do without.
func Page[T any](count, list *gorm.DB, order string, w Window) ([]T, int64, error) {
	var total int64
	if err := count.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var out []T
	err := list.Order(order).Limit(w.Limit()).Offset(w.Offset()).Find(&out).Error
	return out, total, err
}

// One reads the row q matches with conds (a primary key, or a condition as gorm's Take takes
// it); a missing row is notFound, so domains answer with their own sentinel error.
func One[T any](q *gorm.DB, notFound error, conds ...any) (T, error) {
	v, found, err := Maybe[T](q, conds...)
	if err == nil && !found {
		return v, notFound
	}
	return v, err
}

// Maybe reads the row q matches with conds, as One does; found is false when there is none.
func Maybe[T any](q *gorm.DB, conds ...any) (v T, found bool, err error) {
	err = q.Take(&v, conds...).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		var zero T
		return zero, false, nil
	}
	return v, err == nil, err
}

// ForUpdate makes q lock the rows it reads until the transaction ends (SELECT … FOR UPDATE).
func ForUpdate(q *gorm.DB) *gorm.DB {
	return q.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate})
}

// Between narrows q to the rows whose column is at or after from and before to; a zero bound
// leaves that side open (the from/to filters of the admin lists).
func Between(q *gorm.DB, column string, from, to time.Time) *gorm.DB {
	if !from.IsZero() {
		q = q.Where(column+" >= ?", from)
	}
	if !to.IsZero() {
		q = q.Where(column+" < ?", to)
	}
	return q
}
