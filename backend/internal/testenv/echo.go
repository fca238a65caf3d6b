package testenv

import (
	"io"
	"net/http/httptest"

	"github.com/labstack/echo/v4"
)

// EchoContext is an Echo context for a request of method to target, for tests that call a
// handler or a request helper directly, and the recorder its answer goes to. A request with a
// body is sent as application/json (set the header again to test another).
func EchoContext(method, target string, body io.Reader) (echo.Context, *httptest.ResponseRecorder) {
	req := httptest.NewRequest(method, target, body)
	if body != nil {
		req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	}
	rec := httptest.NewRecorder()
	return echo.New().NewContext(req, rec), rec
}
