package main

import (
	"testing"
	"time"

	"github.com/trainingclub/platform/backend/internal/audit"
)

// auditEntryOut is an audit entry as the API sends it, with before and after decoded as objects
// (the shallower fields win over audit.Entry's raw JSON ones).
type auditEntryOut struct {
	audit.Entry
	Before map[string]any `json:"before"`
	After  map[string]any `json:"after"`
}

// auditOf lists the audit entries about target (newest first).
func (a *api) auditOf(t *testing.T, admin testUser, targetType string, id uint64) []auditEntryOut {
	t.Helper()
	return listItems[auditEntryOut](t, a, path("/api/audit?target_type=%s&target_id=%d&per_page=100", targetType, id), admin.Token)
}

func TestAuditLogRecordsStaffActions(t *testing.T) {
	a := newAPI(t)
	admin, trainer, member := a.createOneOfEachRole(t)
	ct := a.mkClassType(t, admin, 0)
	sess := a.mkSession(t, trainer.Token, ct, trainer.ID, sessionOpts{startsIn: 48 * time.Hour, capacity: 10, cutoff: 60})
	if r := a.call(t, "PATCH", path("/api/sessions/%d", sess), trainer.Token, map[string]any{"room": "Studio 9"}); r.Status != 200 {
		t.Fatalf("patch: %d %s", r.Status, r.Body)
	}
	a.book(t, member, sess) // a member's action is not a staff action

	entries := a.auditOf(t, admin, "sessions", sess)
	if len(entries) != 1 {
		t.Fatalf("want 1 entry for the session (the update; create has no :id), got %+v", entries)
	}
	e := entries[0]
	if e.Action != "session.update" || e.ActorID == nil || *e.ActorID != trainer.ID || e.ActorRole != "trainer" ||
		e.Before["room"] != "Studio 1" || e.After["room"] != "Studio 9" {
		t.Fatalf("update entry: %+v", e)
	}
	// The generic record: the class type creation by the admin, with the answer as after.
	created := listItems[auditEntryOut](t, a, path("/api/audit?actor_id=%d&action=POST%%20/api/class-types", admin.ID), admin.Token)
	if len(created) != 1 || created[0].After["id"] != float64(ct) || created[0].Before != nil {
		t.Fatalf("class type creation not recorded: %+v", created)
	}
	if byMember := listItems[auditEntryOut](t, a, path("/api/audit?actor_id=%d", member.ID), admin.Token); len(byMember) != 0 {
		t.Fatalf("member actions recorded: %+v", byMember)
	}

	runCases(t, a, append(refusedCases("GET", "/api/audit", nil, member, trainer),
		apiCase{name: "bad actor", method: "GET", path: "/api/audit?actor_id=x", token: admin.Token, status: 422},
		apiCase{name: "bad from", method: "GET", path: "/api/audit?from=yesterday", token: admin.Token, status: 422},
		apiCase{name: "bad page", method: "GET", path: "/api/audit?per_page=1000", token: admin.Token, status: 422},
	))
}
