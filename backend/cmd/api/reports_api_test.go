package main

import (
	"bytes"
	"testing"
)

// The report numbers are tested in internal/report against independently computed answers;
// this checks the routes: guards, bad input, the documented shapes and the CSV downloads.
func TestReportRoutes(t *testing.T) {
	a := newAPI(t)
	admin, trainer, member := a.createOneOfEachRole(t)
	csv := func(header string) func(t *testing.T, r response) {
		return func(t *testing.T, r response) {
			if !bytes.HasPrefix(r.Body, []byte("\ufeff"+header+"\r\n")) {
				t.Fatalf("csv starts %q", r.Body[:min(len(r.Body), 80)])
			}
		}
	}
	runCases(t, a, refusedCases("GET", "/api/reports/attendance", nil, trainer, member))
	runCases(t, a, []apiCase{
		{name: "attendance", method: "GET", path: "/api/reports/attendance", token: admin.Token, status: 200},
		{name: "attendance range", method: "GET", path: "/api/reports/attendance?from=2026-01-01&to=2026-03-31", token: admin.Token, status: 200},
		{name: "attendance backwards", method: "GET", path: "/api/reports/attendance?from=2026-03-01&to=2026-01-01", token: admin.Token, status: 422},
		{name: "attendance too long", method: "GET", path: "/api/reports/attendance?from=2024-01-01&to=2026-01-01", token: admin.Token, status: 422},
		{name: "attendance bad date", method: "GET", path: "/api/reports/attendance?from=1.1.2026", token: admin.Token, status: 422},
		{name: "attendance csv", method: "GET", path: "/api/reports/attendance.csv?group=week", token: admin.Token, status: 200,
			check: csv("week;label;sessions;capacity;bookings;check_ins;no_shows;fill_rate")},
		{name: "attendance csv bad group", method: "GET", path: "/api/reports/attendance.csv?group=room", token: admin.Token, status: 422},
		{name: "revenue", method: "GET", path: "/api/reports/revenue?from=2026-01-01&to=2026-12-31", token: admin.Token, status: 200},
		{name: "revenue csv", method: "GET", path: "/api/reports/revenue.csv", token: admin.Token, status: 200,
			check: csv("month;plan_id;plan;orders;gross_chf;refunds_chf;net_chf")},
		{name: "revenue trainer refused", method: "GET", path: "/api/reports/revenue.csv", token: trainer.Token, status: 403},
	})
}
