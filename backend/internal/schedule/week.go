package schedule

import (
	"github.com/trainingclub/platform/backend/internal/web"
)

// WeekSession is a session as the week view sends it: its class type by id only, the class
// types themselves once per page (WeekPage.ClassTypes). GET /api/sessions/:id has the full
// Session.
type WeekSession struct {
	Session
	// ClassType shadows Session.ClassType in the JSON: being nil and omitempty, it leaves the
	// class type out, and the other fields keep Session's names and order.
	ClassType *struct{} `json:"class_type,omitempty"`
}

// WeekPage is one page of the week view: the sessions and every class type they reference,
// each once, in order of first use.
type WeekPage struct {
	web.List[WeekSession]
	ClassTypes []ClassType `json:"class_types"`
}

func newWeekPage(list []Session, page web.Page, total int64) WeekPage {
	items := make([]WeekSession, len(list))
	types := []ClassType{}
	seen := map[uint64]bool{}
	for i, s := range list {
		items[i] = WeekSession{Session: s}
		if s.ClassType != nil && !seen[s.ClassTypeID] {
			seen[s.ClassTypeID] = true
			types = append(types, *s.ClassType)
		}
	}
	return WeekPage{List: web.NewList(items, page, total), ClassTypes: types}
}
