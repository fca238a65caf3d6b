package auth

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/web"
)

// The makers below are web.Create and web.UpdateByID for the service methods that also take the
// caller the guard put on the request (trainers acting on their own sessions, audited staff
// changes). They live here because web knows nothing of the Principal.

// CreateAs makes the handler of a route that passes the caller and the decoded body to create
// and answers 201 with its result.
func CreateAs[In, Out any](create func(ctx context.Context, caller Principal, in In) (Out, error)) echo.HandlerFunc {
	return web.Decoded(http.StatusCreated, func(c echo.Context, in In) (Out, error) {
		return create(c.Request().Context(), Caller(c), in)
	})
}

// UpdateByIDAs makes the handler of a route that passes the caller, the positive integer path
// parameter param and the decoded body to update and answers 200 with its result.
func UpdateByIDAs[In, Out any](param string, update func(ctx context.Context, caller Principal, id uint64, in In) (Out, error)) echo.HandlerFunc {
	return web.DecodedByID(param, http.StatusOK, func(c echo.Context, id uint64, in In) (Out, error) {
		return update(c.Request().Context(), Caller(c), id, in)
	})
}
