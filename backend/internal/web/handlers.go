package web

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"
)

// The makers below build the handlers of the routes whose whole work is to read the request
// (path id, JSON body, page), call one service method and answer its result. A route that does
// more writes its handler by hand.
//
// GetByID, Create, UpdateByID, ListPage take the service method itself (it needs only the
// request's context); the others take a function of the echo.Context, for routes that also read
// the caller, headers or query.

// Respond makes the handler of a route that takes no body: do's result is answered as JSON with
// status.
func Respond[Out any](status int, do func(c echo.Context) (Out, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		out, err := do(c)
		if err != nil {
			return err
		}
		return c.JSON(status, out)
	}
}

// RespondByID is Respond for the record named by the positive integer path parameter param.
func RespondByID[Out any](param string, status int, do func(c echo.Context, id uint64) (Out, error)) echo.HandlerFunc {
	return Respond(status, func(c echo.Context) (Out, error) {
		id, err := IDParam(c, param)
		if err != nil {
			var zero Out
			return zero, err
		}
		return do(c, id)
	})
}

// Decoded makes the handler of a route that decodes a JSON body (see Decode) and answers status
// with what do made of it.
func Decoded[In, Out any](status int, do func(c echo.Context, in In) (Out, error)) echo.HandlerFunc {
	return Respond(status, func(c echo.Context) (Out, error) {
		var in In
		if err := Decode(c, &in); err != nil {
			var zero Out
			return zero, err
		}
		return do(c, in)
	})
}

// DecodedByID is Decoded for the record named by the path parameter param.
func DecodedByID[In, Out any](param string, status int, do func(c echo.Context, id uint64, in In) (Out, error)) echo.HandlerFunc {
	return RespondByID(param, status, func(c echo.Context, id uint64) (Out, error) {
		var in In
		if err := Decode(c, &in); err != nil {
			var zero Out
			return zero, err
		}
		return do(c, id, in)
	})
}

// GetByID makes the handler of a route that only reads one record: the positive integer path
// parameter param is passed to get, and its result is answered as 200 JSON.
func GetByID[T any](param string, get func(ctx context.Context, id uint64) (T, error)) echo.HandlerFunc {
	return RespondByID(param, http.StatusOK, func(c echo.Context, id uint64) (T, error) {
		return get(c.Request().Context(), id)
	})
}

// Create makes the handler of a route that only creates a record: the decoded body is passed to
// create, and its result is answered as 201 JSON.
func Create[In, Out any](create func(ctx context.Context, in In) (Out, error)) echo.HandlerFunc {
	return Decoded(http.StatusCreated, func(c echo.Context, in In) (Out, error) {
		return create(c.Request().Context(), in)
	})
}

// UpdateByID makes the handler of a route that only updates one record: the positive integer
// path parameter param and the decoded body are passed to update, and its result is answered as
// 200 JSON.
func UpdateByID[In, Out any](param string, update func(ctx context.Context, id uint64, in In) (Out, error)) echo.HandlerFunc {
	return DecodedByID(param, http.StatusOK, func(c echo.Context, id uint64, in In) (Out, error) {
		return update(c.Request().Context(), id, in)
	})
}

// NoContent makes the handler of a route that takes no body and answers 204 once do succeeds.
func NoContent(do func(c echo.Context) error) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := do(c); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}
}

// NoContentByID is NoContent for the record named by the path parameter param.
func NoContentByID(param string, do func(c echo.Context, id uint64) error) echo.HandlerFunc {
	return NoContent(func(c echo.Context) error {
		id, err := IDParam(c, param)
		if err != nil {
			return err
		}
		return do(c, id)
	})
}

// DecodedNoContent makes the handler of a route that decodes a JSON body, passes it to do and
// answers 204.
func DecodedNoContent[In any](do func(c echo.Context, in In) error) echo.HandlerFunc {
	return NoContent(func(c echo.Context) error {
		var in In
		if err := Decode(c, &in); err != nil {
			return err
		}
		return do(c, in)
	})
}

// ListPage makes the handler of a route that only lists one page: ?page and ?per_page are passed
// to list, and its items and total are answered as a 200 List.
func ListPage[T any](list func(ctx context.Context, p Page) ([]T, int64, error)) echo.HandlerFunc {
	return ListPageWith(func(c echo.Context, p Page) ([]T, int64, error) {
		return list(c.Request().Context(), p)
	})
}

// ListPageWith is ListPage for lists that also read the request (the caller, query filters).
func ListPageWith[T any](list func(c echo.Context, p Page) ([]T, int64, error)) echo.HandlerFunc {
	return Respond(http.StatusOK, func(c echo.Context) (List[T], error) {
		p, err := PageParams(c)
		if err != nil {
			return List[T]{}, err
		}
		items, total, err := list(c, p)
		if err != nil {
			return List[T]{}, err
		}
		return NewList(items, p, total), nil
	})
}

// ListPageByID is ListPageWith for the lists that belong to the record named by the path
// parameter param (a member's bookings, a session's roster).
func ListPageByID[T any](param string, list func(c echo.Context, id uint64, p Page) ([]T, int64, error)) echo.HandlerFunc {
	return ListPageWith(func(c echo.Context, p Page) ([]T, int64, error) {
		id, err := IDParam(c, param)
		if err != nil {
			return nil, 0, err
		}
		return list(c, id, p)
	})
}
