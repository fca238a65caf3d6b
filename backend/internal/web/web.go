// Package web holds what every handler shares: strict JSON decoding, path and query parameters,
// pagination and the response shapes. Errors it returns are apperr errors, so the one error
// handler renders them.
package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/apperr"
)

// Decode reads the JSON body into dst, rejecting unknown fields, wrong types, trailing data and
// bodies over the server's limit with a clear 4xx error.
func Decode(c echo.Context, dst any) error {
	req := c.Request()
	if ct := req.Header.Get(echo.HeaderContentType); ct != "" && !strings.HasPrefix(ct, echo.MIMEApplicationJSON) {
		return apperr.New(apperr.KindUnsupported, "unsupported_media_type", "send the body as application/json")
	}
	dec := json.NewDecoder(req.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return apperr.Invalid("the body must hold a single JSON object")
	}
	return nil
}

func decodeError(err error) error {
	var (
		syntaxErr *json.SyntaxError
		typeErr   *json.UnmarshalTypeError
		maxErr    *http.MaxBytesError
	)
	switch {
	case errors.Is(err, io.EOF):
		return apperr.Invalid("the body is empty; send a JSON object")
	case errors.As(err, &maxErr):
		return apperr.New(apperr.KindTooLarge, "payload_too_large", "the body is too large")
	case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF):
		return apperr.Invalid("the body is not valid JSON")
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			return apperr.Invalid("the body must be a JSON object")
		}
		if isNumberKind(typeErr.Type.Kind()) && strings.HasPrefix(typeErr.Value, "number") {
			// A number, but not one the field can hold (too large, negative, fractional).
			return apperr.FieldError(field, "must be a whole number in range")
		}
		e := apperr.Invalid(fmt.Sprintf("field %q must be of type %s", field, typeErr.Type.String()))
		e.Fields = map[string]string{field: "must be of type " + typeErr.Type.String()}
		return e
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		e := apperr.Invalid(fmt.Sprintf("unknown field %q", name))
		e.Fields = map[string]string{name: "unknown field"}
		return e
	default:
		return apperr.Invalid("the body could not be read as JSON")
	}
}

func isNumberKind(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Float64
}

// The range of every date and time the API takes from a query or a body. MySQL's DATETIME
// would take years 1000 to 9999 and Go's time any year; neither is a date of this club, and
// dates near the edges overflow once a default range is added to them.
var (
	MinTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	MaxTime = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

// CheckTime records a problem with field when t lies outside [MinTime, MaxTime).
func CheckTime(v *apperr.Validation, field string, t time.Time) {
	v.Check(!t.Before(MinTime) && t.Before(MaxTime), field, "must be from 2000-01-01 to 2199-12-31")
}

// TimeParam parses an optional query parameter as an RFC 3339 time or a YYYY-MM-DD date (UTC
// midnight) and range-checks it; ok is false when raw is empty or has a problem (recorded in v).
func TimeParam(v *apperr.Validation, field, raw string) (t time.Time, ok bool) {
	if raw == "" {
		return time.Time{}, false
	}
	for _, layout := range []string{time.RFC3339Nano, time.DateOnly} {
		if t, err := time.Parse(layout, raw); err == nil {
			t = t.UTC()
			CheckTime(v, field, t)
			return t, !t.Before(MinTime) && t.Before(MaxTime)
		}
	}
	v.Add(field, "must be an RFC 3339 time or a YYYY-MM-DD date")
	return time.Time{}, false
}

// IDParam parses a positive integer path parameter.
func IDParam(c echo.Context, name string) (uint64, error) {
	id, err := strconv.ParseUint(c.Param(name), 10, 64)
	if err != nil || id == 0 {
		e := apperr.Invalid(fmt.Sprintf("%s must be a positive integer", name))
		e.Fields = map[string]string{name: "must be a positive integer"}
		return 0, e
	}
	return id, nil
}

// OptionalID parses an optional positive integer query parameter: 0 when raw is empty or has a
// problem (recorded in v).
func OptionalID(v *apperr.Validation, field, raw string) uint64 {
	if raw == "" {
		return 0
	}
	id, err := strconv.ParseUint(raw, 10, 64)
	if err != nil || id == 0 {
		v.Add(field, "must be a positive integer")
		return 0
	}
	return id
}

// Page is a request for one page of a list.
type Page struct {
	Number  int
	PerPage int
}

// Offset is the number of rows before the page.
func (p Page) Offset() int { return (p.Number - 1) * p.PerPage }

// Limit is the number of rows on the page.
func (p Page) Limit() int { return p.PerPage }

// MaxPerPage caps list sizes; MaxPage caps page numbers, so offsets stay far from overflow.
const (
	MaxPerPage = 100
	MaxPage    = 100_000
)

// PageParams reads ?page and ?per_page (defaults 1 and 20, per_page at most MaxPerPage).
func PageParams(c echo.Context) (Page, error) {
	p := Page{Number: 1, PerPage: 20}
	var v apperr.Validation
	if s := c.QueryParam("page"); s != "" {
		n, err := strconv.Atoi(s)
		v.Check(err == nil && n >= 1 && n <= MaxPage, "page", fmt.Sprintf("must be an integer from 1 to %d", MaxPage))
		p.Number = n
	}
	if s := c.QueryParam("per_page"); s != "" {
		n, err := strconv.Atoi(s)
		v.Check(err == nil && n >= 1 && n <= MaxPerPage, "per_page", fmt.Sprintf("must be an integer from 1 to %d", MaxPerPage))
		p.PerPage = n
	}
	return p, v.Err()
}

// List is the response shape of every paginated route.
type List[T any] struct {
	Items   []T   `json:"items"`
	Page    int   `json:"page"`
	PerPage int   `json:"per_page"`
	Total   int64 `json:"total"`
}

// NewList wraps items (never null in JSON) with the page they belong to.
func NewList[T any](items []T, p Page, total int64) List[T] {
	if items == nil {
		items = []T{}
	}
	return List[T]{Items: items, Page: p.Number, PerPage: p.PerPage, Total: total}
}
