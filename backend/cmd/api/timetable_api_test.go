package main

import (
	"testing"
	"time"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/web"
)

type weekSession struct {
	ID        uint64    `json:"id"`
	SeriesID  *uint64   `json:"series_id"`
	StartsAt  time.Time `json:"starts_at"`
	TrainerID uint64    `json:"trainer_id"`
	Room      string    `json:"room"`
}

func (a *api) weekView(t *testing.T, trainer uint64) []weekSession {
	t.Helper()
	from := time.Now().UTC().Truncate(24 * time.Hour)
	return listItems[weekSession](t, a, path("/api/sessions?from=%s&to=%s&trainer=%d&per_page=100", from.Format(time.DateOnly), from.AddDate(0, 0, 31).Format(time.DateOnly), trainer), "")
}

func TestTimetableAPI(t *testing.T) {
	a := newAPI(t)
	admin, trainer, member := a.createOneOfEachRole(t)
	ct := a.mkClassType(t, admin, 0)
	tomorrow := time.Now().In(web.ClubZone).AddDate(0, 0, 1)
	weekday := (int(tomorrow.Weekday())+6)%7 + 1
	body := map[string]any{"class_type_id": ct, "trainer_id": trainer.ID, "room": "Hall", "weekday": weekday, "start_time": "18:30",
		"capacity": 12, "valid_from": tomorrow.Format(time.DateOnly)}
	var seriesID uint64
	runCases(t, a, refusedCases("POST", "/api/series", body, member, trainer))
	runCases(t, a, []apiCase{
		{name: "bad fields", method: "POST", path: "/api/series", token: admin.Token, status: 422,
			body:  map[string]any{"class_type_id": 999999, "trainer_id": member.ID, "room": "", "weekday": 8, "start_time": "25:00", "capacity": 0, "valid_from": "2020-01-01"},
			check: wantFields("class_type_id", "trainer_id", "room", "weekday", "start_time", "capacity", "valid_from")},
		{name: "bad date", method: "POST", path: "/api/series", token: admin.Token, body: `{"valid_from":"01.03.2027"}`, status: 400},
		{name: "create", method: "POST", path: "/api/series", token: admin.Token, body: body, status: 201,
			check: func(t *testing.T, r response) { seriesID = idOf(t, r) }},
	})
	sessions := a.weekView(t, trainer.ID)
	if len(sessions) < 4 {
		t.Fatalf("week view shows %d generated sessions, want one a week for the weeks ahead", len(sessions))
	}
	first := sessions[0]
	if first.SeriesID == nil || *first.SeriesID != seriesID || first.StartsAt.In(web.ClubZone).Format("15:04") != "18:30" {
		t.Fatalf("first generated session: %+v", first)
	}
	a.book(t, member, first.ID)

	other := a.createUser(t, auth.RoleTrainer)
	var edit struct {
		Series struct {
			ID uint64 `json:"id"`
		}
		Moved, Replaced int
	}
	runCases(t, a, []apiCase{
		{name: "generate again creates nothing", method: "POST", path: "/api/series/generate", token: admin.Token, status: 200,
			check: func(t *testing.T, r response) {
				if len(a.weekView(t, trainer.ID)) != len(sessions) {
					t.Fatal("generation added sessions twice")
				}
			}},
		{name: "edit unknown", method: "PATCH", path: "/api/series/999999999", token: admin.Token, body: map[string]any{"room": "X"}, status: 404},
		{name: "edit bad start", method: "PATCH", path: path("/api/series/%d", seriesID), token: admin.Token, body: map[string]any{"start_time": "7pm"}, status: 422},
		{name: "edit below booked", method: "PATCH", path: path("/api/series/%d", seriesID), token: admin.Token, body: map[string]any{"capacity": 0}, status: 422},
		{name: "this and following: new trainer", method: "PATCH", path: path("/api/series/%d", seriesID), token: admin.Token,
			body: map[string]any{"trainer_id": other.ID, "room": "Studio 2"}, status: 200, check: func(t *testing.T, r response) { r.Decode(t, &edit) }},
		{name: "list", method: "GET", path: "/api/series", token: trainer.Token, status: 200},
		{name: "get", method: "GET", path: path("/api/series/%d", seriesID), token: trainer.Token, status: 200},
		{name: "closure bad range", method: "POST", path: "/api/closures", token: admin.Token,
			body: map[string]any{"from_date": "2027-01-10", "until_date": "2027-01-01", "reason": "oops"}, status: 422},
		{name: "closure too long", method: "POST", path: "/api/closures", token: admin.Token,
			body: map[string]any{"from_date": "2027-01-01", "until_date": "2027-12-31", "reason": "year"}, status: 422},
		{name: "closure by trainer", method: "POST", path: "/api/closures", token: trainer.Token,
			body: map[string]any{"from_date": "2027-01-01", "until_date": "2027-01-02", "reason": "year"}, status: 403},
		{name: "closures list", method: "GET", path: "/api/closures", token: trainer.Token, status: 200},
	})
	if edit.Moved != 1 || edit.Replaced < 3 || edit.Series.ID != seriesID {
		t.Fatalf("edit from today on (in place, series started tomorrow): %+v", edit)
	}
	moved := a.weekView(t, other.ID)
	if len(moved) != len(sessions) || moved[0].ID != first.ID || moved[0].Room != "Studio 2" {
		t.Fatalf("after the edit the booked session keeps its id and moves to the new trainer: %+v", moved)
	}
	if len(a.weekView(t, trainer.ID)) != 0 {
		t.Fatal("sessions left with the old trainer")
	}

	// Erasing the trainer leaves the series and its sessions for reassignment.
	if r := a.call(t, "DELETE", path("/api/users/%d", other.ID), admin.Token, nil); r.Status != 204 {
		t.Fatalf("erase trainer: %d %s", r.Status, r.Body)
	}
	var work struct {
		Sessions []weekSession
		Series   []struct {
			ID uint64 `json:"id"`
		}
	}
	a.call(t, "GET", "/api/timetable/unassigned", admin.Token, nil).Decode(t, &work)
	found := false
	for _, s := range work.Sessions {
		found = found || s.ID == first.ID
	}
	if !found || len(work.Series) == 0 {
		t.Fatalf("unassigned work: %+v", work)
	}
	if r := a.call(t, "PATCH", path("/api/sessions/%d", first.ID), admin.Token, map[string]any{"trainer_id": trainer.ID}); r.Status != 200 {
		t.Fatalf("reassign: %d %s", r.Status, r.Body)
	}
	if e := a.auditOf(t, admin, "sessions", first.ID); len(e) == 0 || e[0].Action != "session.update" || e[0].After["trainer_id"] != float64(trainer.ID) {
		t.Fatalf("reassignment not audited through the session hooks: %+v", e)
	}
	runCases(t, a, []apiCase{{name: "unassigned for trainers refused", method: "GET", path: "/api/timetable/unassigned", token: trainer.Token, status: 403}})
}
