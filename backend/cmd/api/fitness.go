package main

import (
	"log/slog"
	"sync"

	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/booking"
	"github.com/trainingclub/platform/backend/internal/membership"
	"github.com/trainingclub/platform/backend/internal/schedule"
)

// fitnessDomain is the schedule, membership and booking services wired together. They must
// share one schedule service (booking registers waitlist promotion on it), so the handler fields
// in wire's composite literal all come from the same instance per database and Redis pair.
type fitnessDomain struct {
	Schedule    *schedule.Service
	Memberships *membership.Service
	Bookings    *booking.Service

	ScheduleHandler   *schedule.Handler
	MembershipHandler *membership.Handler
	BookingHandler    *booking.Handler
}

type fitnessKey struct {
	db  *gorm.DB
	rdb *redis.Client
}

var fitnessDomains sync.Map // fitnessKey → *fitnessDomain

// fitness returns the fitness services for db and rdb, building them on first use.
func fitness(log *slog.Logger, db *gorm.DB, rdb *redis.Client) *fitnessDomain {
	key := fitnessKey{db, rdb}
	if d, ok := fitnessDomains.Load(key); ok {
		return d.(*fitnessDomain)
	}
	sched := schedule.NewService(db, rdb, log)
	members := membership.NewService(db)
	bookings := booking.NewService(db, sched, members, log)
	d := &fitnessDomain{
		Schedule: sched, Memberships: members, Bookings: bookings,
		ScheduleHandler:   schedule.NewHandler(sched),
		MembershipHandler: membership.NewHandler(members),
		BookingHandler:    booking.NewHandler(bookings),
	}
	actual, _ := fitnessDomains.LoadOrStore(key, d)
	return actual.(*fitnessDomain)
}
