package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/web"
)

// HandleList answers GET /api/audit (admin): ?actor_id, target_type, target_id, action, from, to.
func HandleList(svc *Service) echo.HandlerFunc {
	return web.ListPageWith(func(c echo.Context, p web.Page) ([]Entry, int64, error) {
		var v apperr.Validation
		f := Filter{TargetType: c.QueryParam("target_type"), Action: c.QueryParam("action")}
		f.ActorID = web.OptionalID(&v, "actor_id", c.QueryParam("actor_id"))
		f.TargetID = web.OptionalID(&v, "target_id", c.QueryParam("target_id"))
		f.From, _ = web.TimeParam(&v, "from", c.QueryParam("from"))
		f.To, _ = web.TimeParam(&v, "to", c.QueryParam("to"))
		v.Check(len(f.TargetType) <= 40, "target_type", "must be at most 40 characters")
		v.Check(len(f.Action) <= 80, "action", "must be at most 80 characters")
		if err := v.Err(); err != nil {
			return nil, 0, err
		}
		return svc.List(c.Request().Context(), f, p)
	})
}

// maxCapturedBody bounds the answer kept as an entry's after state.
const maxCapturedBody = 64 << 10

// RecordChanges is the middleware that records every successful change (POST, PUT, PATCH,
// DELETE) a trainer or admin makes and no domain service recorded itself: the action is the
// method and route, the target the :id parameter, the after state the JSON answer. A failure to
// record is logged to log; the answer already went out.
func RecordChanges(svc *Service, log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if c.Request().Method == http.MethodGet || c.Request().Method == http.MethodHead || c.Request().Method == http.MethodOptions {
				return next(c)
			}
			r := &request{actor: func() Actor {
				if p, ok := auth.CallerIfAny(c); ok {
					return Actor{UserID: p.UserID, Role: string(p.Role)}
				}
				return Actor{}
			}}
			req := c.Request()
			c.SetRequest(req.WithContext(context.WithValue(req.Context(), ctxKey{}, r)))
			capture := &captureWriter{ResponseWriter: c.Response().Writer}
			c.Response().Writer = capture
			err := next(c)
			a := r.actor()
			if err != nil || r.recorded || a.UserID == 0 || a.Role == string(auth.RoleMember) || c.Response().Status >= 400 {
				return err
			}
			ch := Change{Action: req.Method + " " + c.Path(), TargetType: targetType(c.Path())}
			if id, perr := strconv.ParseUint(c.Param("id"), 10, 64); perr == nil {
				ch.TargetID = id
			}
			if body := capture.buf.Bytes(); len(body) > 0 && json.Valid(body) &&
				strings.HasPrefix(c.Response().Header().Get(echo.HeaderContentType), echo.MIMEApplicationJSON) {
				ch.After = json.RawMessage(bytes.Clone(body))
			}
			if rerr := svc.Record(c.Request().Context(), ch); rerr != nil {
				log.ErrorContext(c.Request().Context(), "audit record failed", "error", rerr, "action", ch.Action)
			}
			return nil
		}
	}
}

type captureWriter struct {
	http.ResponseWriter
	buf bytes.Buffer
}

func (w *captureWriter) Write(b []byte) (int, error) {
	if w.buf.Len()+len(b) <= maxCapturedBody {
		w.buf.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

// Flush keeps streaming answers working through the capture.
func (w *captureWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// targetType names what a route changes: "/api/sessions/:id/cancel" → "sessions".
func targetType(route string) string {
	parts := strings.Split(strings.TrimPrefix(route, "/api/"), "/")
	return parts[0]
}
