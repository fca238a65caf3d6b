// Package apperr defines the kinds of failure every domain package reports. The HTTP layer maps
// a kind to a status code in exactly one place (httpapi's error handler); domains never pick
// status codes themselves.
package apperr

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Kind classifies an error for callers that must react to it (HTTP status, retries).
type Kind int

// The kinds of error a domain can report.
const (
	KindInternal     Kind = iota
	KindInvalid           // malformed request: bad JSON, wrong type, unknown field
	KindValidation        // well-formed but breaks a rule about a field
	KindUnauthorized      // no or bad credentials
	KindForbidden         // authenticated but not allowed
	KindNotFound          // no such thing (or not visible to the caller)
	KindConflict          // breaks a rule about current state
	KindTooLarge          // request body over the limit
	KindUnsupported       // unsupported media type
	KindRateLimited       // too many attempts
	KindUnavailable       // a dependency or feature is unavailable
)

// Error is a domain error with a stable machine code and a message safe to show to users.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	Fields  map[string]string // per-field problems for KindValidation
	Details map[string]any    // extra machine-readable context
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Is lets errors.Is match two *Error values by code, so wrapped sentinels compare equal.
func (e *Error) Is(target error) bool {
	var t *Error
	if !errors.As(target, &t) {
		return false
	}
	return t.Code == e.Code
}

// New creates an error of the given kind.
func New(kind Kind, code, message string) *Error {
	return &Error{Kind: kind, Code: code, Message: message}
}

// Invalid reports a malformed request.
func Invalid(message string) *Error { return New(KindInvalid, "bad_request", message) }

// NotFound reports a missing resource.
func NotFound(what string) *Error {
	return New(KindNotFound, "not_found", what+" not found")
}

// Forbidden reports an authenticated caller without the right to act.
func Forbidden(message string) *Error { return New(KindForbidden, "forbidden", message) }

// Unauthorized reports missing or bad credentials.
func Unauthorized(message string) *Error { return New(KindUnauthorized, "unauthorized", message) }

// Conflict reports a rule about current state that the request breaks.
func Conflict(code, message string) *Error { return New(KindConflict, code, message) }

// Validation collects field problems; it returns nil while no field has a problem, so callers
// can build it up and return v.Err().
type Validation struct{ fields map[string]string }

// Add records a problem with field (the first problem per field wins).
func (v *Validation) Add(field, problem string) {
	if v.fields == nil {
		v.fields = map[string]string{}
	}
	if _, seen := v.fields[field]; !seen {
		v.fields[field] = problem
	}
}

// Check records problem for field when ok is false.
func (v *Validation) Check(ok bool, field, problem string) {
	if !ok {
		v.Add(field, problem)
	}
}

// CheckLength records a problem for field unless text has min to max characters (runes), in the
// words every domain uses: "must be MIN to MAX characters", or "must be at most MAX characters"
// when min is 0. Callers trim the text first where it is stored trimmed.
func (v *Validation) CheckLength(field, text string, min, max int) {
	n := utf8.RuneCountInString(text)
	if n >= min && n <= max {
		return
	}
	if min == 0 {
		v.Add(field, fmt.Sprintf("must be at most %d characters", max))
		return
	}
	v.Add(field, fmt.Sprintf("must be %d to %d characters", min, max))
}

// Err returns the collected problems as an error, or nil.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Kind: KindValidation, Code: "validation_failed", Message: "some fields are invalid", Fields: v.fields}
}

// FieldError is a one-field validation error.
func FieldError(field, problem string) error {
	var v Validation
	v.Add(field, problem)
	return v.Err()
}

// KindOf returns the kind of err (KindInternal for errors that are not *Error).
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// Wrap adds context to err while keeping it matchable with errors.Is/As.
func Wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
