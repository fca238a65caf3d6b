package httpapi

import (
	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/auth"
)

// Handlers are the domain handlers the routes call; main builds them.
type Handlers struct {
	// --- handlers:begin (one field per domain handler) ---
	Accounts *auth.Handler
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
	api.POST("/auth/register", d.Accounts.Register())               // public
	api.POST("/auth/login", d.Accounts.Login())                     // public
	api.POST("/auth/refresh", d.Accounts.Refresh())                 // public
	api.POST("/auth/logout", d.Accounts.Logout())                   // public
	api.GET("/me", d.Accounts.Me(), signedIn)                       // signedIn
	api.PATCH("/me", d.Accounts.UpdateMe(), signedIn)               // signedIn
	api.POST("/me/password", d.Accounts.ChangePassword(), signedIn) // signedIn
	api.GET("/trainers", d.Accounts.ListTrainers())                 // public
	api.GET("/trainers/:id", d.Accounts.GetTrainer())               // public
	api.GET("/users", d.Accounts.ListUsers(), admin)                // admin
	api.GET("/users/:id", d.Accounts.GetUser(), admin)              // admin
	api.PATCH("/users/:id", d.Accounts.UpdateUser(), admin)         // admin
	// --- schedule ---
	// --- bookings ---
	// --- memberships ---
	// --- billing ---
	// --- uploads ---
	// --- assistant ---
}
