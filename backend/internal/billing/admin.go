package billing

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/platform/query"
	"github.com/trainingclub/platform/backend/internal/web"
)

// The admin order list: filters, pagination and the CSV export.

// AdminOrder is an order with its member, as the admin list shows it.
type AdminOrder struct {
	Order
	UserName  string `json:"user_name"`
	UserEmail string `json:"user_email"`
}

// OrderFilter narrows the admin list. From/To bound created_at ([From, To)).
type OrderFilter struct {
	Status   Status
	From, To time.Time
	PlanID   uint64
	UserID   uint64
}

// maxExportRows caps one CSV export (a year of a large club is far below).
const maxExportRows = 100_000

var statuses = map[Status]bool{StatusPending: true, StatusPaid: true, StatusFailed: true, StatusRefundPending: true, StatusRefunded: true}

// ParseOrderFilter reads ?status, from, to (RFC 3339 or YYYY-MM-DD; a date means the club's
// local day, to inclusive), plan_id, user_id.
func ParseOrderFilter(c echo.Context) (OrderFilter, error) {
	var v apperr.Validation
	f := OrderFilter{Status: Status(c.QueryParam("status"))}
	v.Check(f.Status == "" || statuses[f.Status], "status", "must be pending, paid, failed, refund_pending or refunded")
	f.From, _ = localBound(&v, "from", c.QueryParam("from"), false)
	f.To, _ = localBound(&v, "to", c.QueryParam("to"), true)
	if !f.From.IsZero() && !f.To.IsZero() {
		v.Check(f.To.After(f.From), "to", "must be after from")
	}
	f.PlanID = web.OptionalID(&v, "plan_id", c.QueryParam("plan_id"))
	f.UserID = web.OptionalID(&v, "user_id", c.QueryParam("user_id"))
	return f, v.Err()
}

// localBound parses a bound: a YYYY-MM-DD date is that day's local midnight (the next day's
// when inclusive), anything else an RFC 3339 time.
func localBound(v *apperr.Validation, field, raw string, inclusiveDay bool) (time.Time, bool) {
	if d, err := time.ParseInLocation(time.DateOnly, raw, web.ClubZone); err == nil {
		if inclusiveDay {
			d = d.AddDate(0, 0, 1)
		}
		d = d.UTC()
		web.CheckTime(v, field, d)
		return d, true
	}
	return web.TimeParam(v, field, raw)
}

// AdminOrders lists orders matching f, newest first.
func (s *Service) AdminOrders(ctx context.Context, f OrderFilter, p web.Page) ([]AdminOrder, int64, error) {
	return s.store.listAdmin(ctx, f, p)
}

// ExportOrders calls row for each order matching f, newest first, reading in pages.
func (s *Service) ExportOrders(ctx context.Context, f OrderFilter, row func(AdminOrder) error) error {
	p := web.Page{Number: 1, PerPage: 1000}
	for seen := 0; seen < maxExportRows; p.Number++ {
		list, _, err := s.store.listAdminNoCount(ctx, f, p)
		if err != nil {
			return err
		}
		for _, o := range list {
			if err := row(o); err != nil {
				return err
			}
		}
		seen += len(list)
		if len(list) < p.PerPage {
			return nil
		}
	}
	return nil
}

// HandleListAdmin answers GET /api/orders (admin).
func HandleListAdmin(svc *Service) echo.HandlerFunc {
	return web.ListPageWith(func(c echo.Context, p web.Page) ([]AdminOrder, int64, error) {
		f, err := ParseOrderFilter(c)
		if err != nil {
			return nil, 0, err
		}
		return svc.AdminOrders(c.Request().Context(), f, p)
	})
}

// HandleExportCSV answers GET /api/orders.csv (admin): the filtered list as CSV (see web.CSV).
func HandleExportCSV(svc *Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		f, err := ParseOrderFilter(c)
		if err != nil {
			return err
		}
		out, err := web.StartCSV(c, "orders.csv", []string{"id", "created_at", "member", "email", "plan", "amount_chf", "currency", "status", "paid_at", "refunded_at"})
		if err != nil {
			return err
		}
		err = svc.ExportOrders(c.Request().Context(), f, func(o AdminOrder) error {
			return out.Row(strconv.FormatUint(o.ID, 10), web.LocalTime(&o.CreatedAt), o.UserName, o.UserEmail, o.PlanName,
				web.Amount(o.AmountRappen), o.Currency, string(o.Status), web.LocalTime(o.PaidAt), web.LocalTime(o.RefundedAt))
		})
		if ferr := out.Flush(); err == nil {
			err = ferr
		}
		if err != nil {
			// The header is sent: the truncated file is all we can give; log through the handler.
			return fmt.Errorf("export orders: %w", err)
		}
		return nil
	}
}

// --- store ---

func (s store) adminQuery(ctx context.Context, f OrderFilter) *gorm.DB {
	q := s.db.WithContext(ctx).Table("orders o").Joins("LEFT JOIN users u ON u.id = o.user_id")
	if f.Status != "" {
		q = q.Where("o.status = ?", f.Status)
	}
	q = query.Between(q, "o.created_at", f.From, f.To)
	if f.PlanID != 0 {
		q = q.Where("o.plan_id = ?", f.PlanID)
	}
	if f.UserID != 0 {
		q = q.Where("o.user_id = ?", f.UserID)
	}
	return q
}

func (s store) listAdmin(ctx context.Context, f OrderFilter, p web.Page) ([]AdminOrder, int64, error) {
	var total int64
	if err := s.adminQuery(ctx, f).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("count orders: %w", err)
	}
	out, _, err := s.listAdminNoCount(ctx, f, p)
	return out, total, err
}

func (s store) listAdminNoCount(ctx context.Context, f OrderFilter, p web.Page) ([]AdminOrder, int64, error) {
	var out []AdminOrder
	err := s.adminQuery(ctx, f).Select("o.*, COALESCE(u.name, '') AS user_name, COALESCE(u.email, '') AS user_email").
		Order("o.created_at DESC, o.id DESC").Limit(p.PerPage).Offset(p.Offset()).Scan(&out).Error
	if err != nil {
		return nil, 0, fmt.Errorf("list orders: %w", err)
	}
	return out, 0, nil
}
