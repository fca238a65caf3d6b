package httpapi

import (
	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/auth"
)

// Handlers are the domain handlers the routes call; main builds them.
type Handlers struct {
	// --- handlers:begin (one field per domain handler) ---
	// --- handlers:end ---
}

// uploadRoute carries its own body limit (see isUploadRoute).
const uploadRoute = "/api/uploads"

// addRoutes is the whole API. Each route names its guard:
//   - public: no guard
//   - signedIn: a valid access token of any role
//   - staff:  trainer or admin
//   - admin:  admin only
//
// Ownership rules (a member's own booking, the trainer of a session) are checked by the services.
func addRoutes(e *echo.Echo, d Deps) {
	api := e.Group("/api")
	signedIn := d.Tokens.Require(auth.AnyRole...)
	staff := d.Tokens.Require(auth.RoleTrainer, auth.RoleAdmin)
	admin := d.Tokens.Require(auth.RoleAdmin)
	_, _, _, _ = api, signedIn, staff, admin

	// --- accounts ---
	// --- schedule ---
	// --- bookings ---
	// --- memberships ---
	// --- billing ---
	// --- uploads ---
	// --- assistant ---
}
