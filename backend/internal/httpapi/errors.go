package httpapi

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/platform/cache"
	"github.com/trainingclub/platform/backend/internal/platform/database"
)

// errorBody is the one JSON shape of every 4xx and 5xx answer.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string         `json:"code"`
	Message string         `json:"message"`
	Details map[string]any `json:"details"`
}

// statusOfKind is the HTTP status of each error kind; any other kind is a 500.
var statusOfKind = map[apperr.Kind]int{
	apperr.KindInvalid:      http.StatusBadRequest,
	apperr.KindValidation:   http.StatusUnprocessableEntity,
	apperr.KindUnauthorized: http.StatusUnauthorized,
	apperr.KindForbidden:    http.StatusForbidden,
	apperr.KindNotFound:     http.StatusNotFound,
	apperr.KindConflict:     http.StatusConflict,
	apperr.KindTooLarge:     http.StatusRequestEntityTooLarge,
	apperr.KindUnsupported:  http.StatusUnsupportedMediaType,
	apperr.KindRateLimited:  http.StatusTooManyRequests,
	apperr.KindUnavailable:  http.StatusServiceUnavailable,
}

// statusOf is the single mapping from domain error kinds to HTTP statuses.
func statusOf(kind apperr.Kind) int {
	if status, ok := statusOfKind[kind]; ok {
		return status
	}
	return http.StatusInternalServerError
}

// echoCodes names Echo's own errors (routing, body limit) in the same vocabulary.
var echoCodes = map[int]string{
	http.StatusBadRequest:            "bad_request",
	http.StatusUnauthorized:          "unauthorized",
	http.StatusForbidden:             "forbidden",
	http.StatusNotFound:              "not_found",
	http.StatusMethodNotAllowed:      "method_not_allowed",
	http.StatusRequestEntityTooLarge: "payload_too_large",
	http.StatusUnsupportedMediaType:  "unsupported_media_type",
	http.StatusTooManyRequests:       "rate_limited",
	http.StatusServiceUnavailable:    codeUnavailable,
}

// errorHandler renders every error as errorBody. Unknown errors become a 500 whose details stay
// in the log (with the request ID), never in the response.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		status, body := render(err)
		if body.Error.Code == codeUnavailable {
			c.Response().Header().Set("Retry-After", retryAfterSeconds)
		}
		if status >= 500 {
			log.ErrorContext(c.Request().Context(), "request failed", "error", err.Error(),
				"method", c.Request().Method, "path", c.Path(), "request_id", requestID(c))
		}
		if body.Error.Details == nil {
			body.Error.Details = map[string]any{}
		}
		if id := requestID(c); id != "" && status >= 500 {
			body.Error.Details["request_id"] = id
		}
		var werr error
		if c.Request().Method == http.MethodHead {
			werr = c.NoContent(status)
		} else {
			werr = c.JSON(status, body)
		}
		if werr != nil {
			log.WarnContext(c.Request().Context(), "write error response", "error", werr.Error())
		}
	}
}

func render(err error) (int, errorBody) {
	var ae *apperr.Error
	if errors.As(err, &ae) {
		d := map[string]any{}
		for k, v := range ae.Details {
			d[k] = v
		}
		if len(ae.Fields) > 0 {
			d["fields"] = ae.Fields
		}
		return statusOf(ae.Kind), errorBody{errorDetail{Code: ae.Code, Message: ae.Message, Details: d}}
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		code, ok := echoCodes[he.Code]
		if !ok {
			code = "error"
		}
		msg := http.StatusText(he.Code)
		if s, ok := he.Message.(string); ok && he.Code < 500 {
			msg = s
		}
		if he.Code >= 500 {
			code = "internal"
		}
		return he.Code, errorBody{errorDetail{Code: code, Message: msg}}
	}
	if database.IsUnavailable(err) || cache.IsUnavailable(err) {
		return http.StatusServiceUnavailable, errorBody{errorDetail{Code: codeUnavailable,
			Message: "a service we depend on is not answering; try again in a moment"}}
	}
	return http.StatusInternalServerError, errorBody{errorDetail{Code: "internal", Message: "something went wrong on our side"}}
}

// codeUnavailable is the error code of an outage (a dependency down or over the request
// deadline); such answers carry Retry-After.
const codeUnavailable = "unavailable"

// retryAfterSeconds is what an outage answer asks clients to wait: about one health-check period.
const retryAfterSeconds = "2"
