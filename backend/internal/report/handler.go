package report

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/web"
)

// HandleAttendance answers GET /api/reports/attendance?from&to (admin).
func HandleAttendance(svc *Service) echo.HandlerFunc { return ranged(svc, svc.Attendance, answerJSON) }

// HandleRevenue answers GET /api/reports/revenue?from&to (admin).
func HandleRevenue(svc *Service) echo.HandlerFunc { return ranged(svc, svc.Revenue, answerJSON) }

// ranged makes the handler of a report over ?from and ?to, answered by render.
func ranged[T any](svc *Service, report func(ctx context.Context, from, to time.Time) (T, error), render func(c echo.Context, r T) error) echo.HandlerFunc {
	return func(c echo.Context) error {
		from, to, err := svc.ParseRange(c.QueryParam("from"), c.QueryParam("to"))
		if err != nil {
			return err
		}
		r, err := report(c.Request().Context(), from, to)
		if err != nil {
			return err
		}
		return render(c, r)
	}
}

func answerJSON[T any](c echo.Context, r T) error { return c.JSON(http.StatusOK, r) }

// HandleAttendanceCSV answers GET /api/reports/attendance.csv?from&to&group=class_type|trainer|week.
func HandleAttendanceCSV(svc *Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		group := c.QueryParam("group")
		if group == "" {
			group = "class_type"
		}
		if group != "class_type" && group != "trainer" && group != "week" {
			return apperr.FieldError("group", "must be class_type, trainer or week")
		}
		return ranged(svc, svc.Attendance, func(c echo.Context, r Attendance) error {
			return attendanceCSV(c, group, r)
		})(c)
	}
}

func attendanceCSV(c echo.Context, group string, r Attendance) error {
	list := map[string][]AttendanceRow{"class_type": r.ByClassType, "trainer": r.ByTrainer, "week": r.ByWeek}[group]
	out, err := web.StartCSV(c, fmt.Sprintf("attendance-%s.csv", group), []string{group, "label", "sessions", "capacity", "bookings", "check_ins", "no_shows", "fill_rate"})
	if err != nil {
		return err
	}
	for _, row := range append(list, r.Total) {
		if err := out.Row(row.Key, row.Label, itoa(row.Sessions), itoa(row.Capacity), itoa(row.Bookings), itoa(row.CheckIns), itoa(row.NoShows),
			strconv.FormatFloat(row.FillRate, 'f', 4, 64)); err != nil {
			return err
		}
	}
	return out.Flush()
}

// HandleRevenueCSV answers GET /api/reports/revenue.csv?from&to (admin): one row per month and plan.
func HandleRevenueCSV(svc *Service) echo.HandlerFunc { return ranged(svc, svc.Revenue, revenueCSV) }

func revenueCSV(c echo.Context, r Revenue) error {
	out, err := web.StartCSV(c, "revenue.csv", []string{"month", "plan_id", "plan", "orders", "gross_chf", "refunds_chf", "net_chf"})
	if err != nil {
		return err
	}
	for _, row := range append(r.Rows, r.Total) {
		plan := ""
		if row.PlanID != 0 {
			plan = strconv.FormatUint(row.PlanID, 10)
		}
		if err := out.Row(row.Month, plan, row.PlanName, itoa(row.Orders), web.Amount(row.GrossRappen), web.Amount(row.RefundsRappen), web.Amount(row.NetRappen)); err != nil {
			return err
		}
	}
	return out.Flush()
}

func itoa(n int) string { return strconv.Itoa(n) }
