package httpapi

import (
	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/assistant"
	"github.com/trainingclub/platform/backend/internal/audit"
	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/billing"
	"github.com/trainingclub/platform/backend/internal/booking"
	"github.com/trainingclub/platform/backend/internal/membership"
	"github.com/trainingclub/platform/backend/internal/notify"
	"github.com/trainingclub/platform/backend/internal/report"
	"github.com/trainingclub/platform/backend/internal/schedule"
	"github.com/trainingclub/platform/backend/internal/timetable"
	"github.com/trainingclub/platform/backend/internal/upload"
)

// Services are the domain services the routes' handlers call; main builds them.
type Services struct {
	Accounts    *auth.Service
	Schedule    *schedule.Service
	Bookings    *booking.Service
	Memberships *membership.Service
	Billing     *billing.Service
	Uploads     *upload.Service
	Assistant   *assistant.Service
	Notify      *notify.Service
	Audit       *audit.Service
	Timetable   *timetable.Service
	Reports     *report.Service
}

// uploadRoute carries its own body limit (see isUploadRoute).
const uploadRoute = "/api/uploads"

// addRoutes is the whole API. Each route names its guard:
//   - public: no guard
//   - signedIn: a valid access token of a live account whose version it carries (auth.Guard)
//   - staff:  trainer or admin
//   - admin:  admin only
//
// Ownership rules (a member's own booking, the trainer of a session) are checked by the services.
func addRoutes(e *echo.Echo, d Deps) {
	api := e.Group("/api")
	signedIn := d.Guard.Require(auth.AnyRole...)
	staff := d.Guard.Require(auth.RoleTrainer, auth.RoleAdmin)
	admin := d.Guard.Require(auth.RoleAdmin)
	// Every successful change by a trainer or admin that no service audited itself is recorded
	// (audit.RecordChanges, installed as server middleware in NewServer so it sees the matched
	// route).

	// --- accounts ---
	api.POST("/auth/register", auth.HandleRegister(d.Accounts))                              // public
	api.POST("/auth/login", auth.HandleLogin(d.Accounts))                                    // public
	api.POST("/auth/refresh", auth.HandleRefresh(d.Accounts))                                // public
	api.POST("/auth/logout", auth.HandleLogout(d.Accounts))                                  // public
	api.POST("/auth/forgot-password", auth.HandleForgotPassword(d.Accounts))                 // public (same 202 for every address; rate limited)
	api.POST("/auth/reset-password", auth.HandleResetPassword(d.Accounts))                   // public (single-use mailed token)
	api.POST("/auth/verify-email", auth.HandleVerifyEmail(d.Accounts))                       // public (mailed token: verification or e-mail change)
	api.POST("/me/verify-email/resend", auth.HandleResendVerification(d.Accounts), signedIn) // signedIn
	api.POST("/me/email", auth.HandleChangeEmail(d.Accounts), signedIn)                      // signedIn (password confirms; the new address confirms by link)
	api.GET("/me", auth.HandleMe(d.Accounts), signedIn)                                      // signedIn
	api.PATCH("/me", auth.HandleUpdateMe(d.Accounts), signedIn)                              // signedIn
	api.POST("/me/password", auth.HandleChangePassword(d.Accounts), signedIn)                // signedIn
	api.DELETE("/me", auth.HandleDeleteMe(d.Accounts), signedIn)                             // signedIn (password confirms; erases the account)
	api.POST("/me/sessions/revoke", auth.HandleRevokeMySessions(d.Accounts), signedIn)       // signedIn (sign out everywhere)
	api.GET("/trainers", auth.HandleListTrainers(d.Accounts))                                // public
	api.GET("/trainers/:id", auth.HandleGetTrainer(d.Accounts))                              // public
	api.GET("/users", auth.HandleListUsers(d.Accounts), admin)                               // admin
	api.GET("/users/:id", auth.HandleGetUser(d.Accounts), admin)                             // admin
	api.PATCH("/users/:id", auth.HandleUpdateUser(d.Accounts), admin)                        // admin
	api.DELETE("/users/:id", auth.HandleDeleteUser(d.Accounts), admin)                       // admin (erases; not the last admin)
	api.POST("/users/:id/sessions/revoke", auth.HandleRevokeUserSessions(d.Accounts), admin) // admin (signs the user out everywhere)
	// --- schedule ---
	api.GET("/class-types", schedule.HandleClassTypes(d.Schedule))                    // public
	api.GET("/class-types/:id", schedule.HandleClassType(d.Schedule))                 // public
	api.POST("/class-types", schedule.HandleCreateClassType(d.Schedule), admin)       // admin
	api.PATCH("/class-types/:id", schedule.HandleUpdateClassType(d.Schedule), admin)  // admin
	api.DELETE("/class-types/:id", schedule.HandleDeleteClassType(d.Schedule), admin) // admin
	api.GET("/sessions", schedule.HandleWeekView(d.Schedule))                         // public (cached in memory)
	api.GET("/sessions/:id", schedule.HandleSession(d.Schedule))                      // public
	api.POST("/sessions", schedule.HandleCreateSession(d.Schedule), staff)            // staff (trainers: own sessions)
	api.PATCH("/sessions/:id", schedule.HandleUpdateSession(d.Schedule), staff)       // staff (trainers: own sessions)
	api.POST("/sessions/:id/cancel", booking.HandleCancelSession(d.Bookings), staff)  // staff (trainers: own sessions)
	// --- bookings ---
	api.POST("/sessions/:id/bookings", booking.HandleBook(d.Bookings), signedIn) // signedIn
	api.GET("/sessions/:id/roster", booking.HandleRoster(d.Bookings), staff)     // staff (trainer of the session or admin)
	api.GET("/me/bookings", booking.HandleMine(d.Bookings), signedIn)            // signedIn
	api.POST("/bookings/:id/cancel", booking.HandleCancel(d.Bookings), signedIn) // signedIn (owner or admin)
	api.POST("/bookings/:id/check-in", booking.HandleCheckIn(d.Bookings), staff) // staff (trainer of the session or admin)
	api.GET("/bookings/:id", booking.HandleGet(d.Bookings), signedIn)            // signedIn (owner, the session's trainer or admin; else 404)
	api.GET("/users/:id/bookings", booking.HandleOfUser(d.Bookings), admin)      // admin (member page)
	// --- memberships ---
	api.GET("/plans", membership.HandleListPlans(d.Memberships))                                // public (active plans)
	api.POST("/plans", membership.HandleCreatePlan(d.Memberships), admin)                       // admin
	api.PATCH("/plans/:id", membership.HandleUpdatePlan(d.Memberships), admin)                  // admin
	api.GET("/me/entitlements", membership.HandleMyEntitlements(d.Memberships), signedIn)       // signedIn
	api.POST("/users/:id/entitlements", membership.HandleGrant(d.Memberships), admin)           // admin
	api.GET("/users/:id/entitlements", membership.HandleEntitlementsOf(d.Memberships), admin)   // admin (member page)
	api.POST("/entitlements/:id/credits", membership.HandleAdjustCredits(d.Memberships), admin) // admin (ledger + audit)
	api.POST("/entitlements/:id/extend", membership.HandleExtend(d.Memberships), admin)         // admin (ledger + audit)
	api.POST("/entitlements/:id/revoke", membership.HandleRevoke(d.Memberships), admin)         // admin (ledger + audit)
	api.GET("/entitlements/:id/ledger", membership.HandleLedger(d.Memberships), admin)          // admin
	// --- billing ---
	api.POST("/orders", billing.HandleCheckout(d.Billing), signedIn)       // signedIn
	api.GET("/orders/:id", billing.HandleGet(d.Billing), signedIn)         // signedIn (owner or admin)
	api.GET("/me/orders", billing.HandleListMine(d.Billing), signedIn)     // signedIn
	api.POST("/orders/:id/refund", billing.HandleRefund(d.Billing), admin) // admin
	api.GET("/orders", billing.HandleListAdmin(d.Billing), admin)          // admin (filters, pagination)
	api.GET("/orders.csv", billing.HandleExportCSV(d.Billing), admin)      // admin (CSV of the filtered list)
	api.POST("/webhooks/stripe", billing.HandleWebhook(d.Billing))         // public (Stripe signature)
	// --- uploads ---
	api.POST("/uploads", upload.HandleCreate(d.Uploads, d.RequestTimeout), signedIn) // signedIn (kind rules in upload.ParseKind); own body limit
	api.GET("/uploads/:id", upload.HandleServe(d.Uploads, d.Guard))                  // public for avatars/trainer photos; documents: admin or owner token
	api.DELETE("/uploads/:id", upload.HandleDelete(d.Uploads), signedIn)             // signedIn (owner or admin)
	api.PUT("/me/avatar", upload.HandleSetAvatar(d.Uploads), signedIn)               // signedIn
	// --- notifications and calendars ---
	api.GET("/me/notifications", notify.HandlePreferences(d.Notify), signedIn)      // signedIn
	api.PATCH("/me/notifications", notify.HandleSetPreferences(d.Notify), signedIn) // signedIn (optional kinds only)
	api.GET("/me/calendar-feed", notify.HandleFeedState(d.Notify), signedIn)        // signedIn
	api.POST("/me/calendar-feed", notify.HandleCreateFeed(d.Notify), signedIn)      // signedIn (new private URL; the old one stops)
	api.DELETE("/me/calendar-feed", notify.HandleRevokeFeed(d.Notify), signedIn)    // signedIn
	api.GET("/calendar/:file", notify.HandleFeed(d.Notify))                         // public (the private token in the path is the key)
	api.GET("/sessions/:id/calendar.ics", notify.HandleSessionICS(d.Notify))        // public
	// --- assistant ---
	api.GET("/assistant/status", assistant.HandleStatus(d.Assistant), admin)               // admin
	api.GET("/assistant/drafts", assistant.HandleList(d.Assistant), admin)                 // admin
	api.POST("/assistant/drafts", assistant.HandleCreate(d.Assistant), admin)              // admin (503 assistant_disabled without MANUS_API_KEY)
	api.GET("/assistant/drafts/:id", assistant.HandleGet(d.Assistant), admin)              // admin
	api.POST("/assistant/drafts/:id/approve", assistant.HandleApprove(d.Assistant), admin) // admin
	api.POST("/assistant/drafts/:id/reject", assistant.HandleReject(d.Assistant), admin)   // admin
	// --- audit ---
	api.GET("/audit", audit.HandleList(d.Audit), admin) // admin
	// --- timetable ---
	api.GET("/series", timetable.HandleList(d.Timetable), staff)                     // staff
	api.POST("/series", timetable.HandleCreate(d.Timetable), admin)                  // admin (generates the weeks ahead)
	api.POST("/series/generate", timetable.HandleGenerate(d.Timetable), admin)       // admin (the job's round, now)
	api.GET("/series/:id", timetable.HandleGet(d.Timetable), staff)                  // staff
	api.PATCH("/series/:id", timetable.HandleUpdate(d.Timetable), admin)             // admin ("this and the following")
	api.GET("/closures", timetable.HandleClosures(d.Timetable), staff)               // staff
	api.POST("/closures", timetable.HandleCreateClosure(d.Timetable), admin)         // admin (cancels the sessions, refunds)
	api.GET("/timetable/unassigned", timetable.HandleUnassigned(d.Timetable), admin) // admin (erased trainers' work)
	// --- reports ---
	api.GET("/reports/attendance", report.HandleAttendance(d.Reports), admin)        // admin
	api.GET("/reports/attendance.csv", report.HandleAttendanceCSV(d.Reports), admin) // admin
	api.GET("/reports/revenue", report.HandleRevenue(d.Reports), admin)              // admin
	api.GET("/reports/revenue.csv", report.HandleRevenueCSV(d.Reports), admin)       // admin
}
