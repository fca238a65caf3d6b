package report_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/testenv"
	"github.com/trainingclub/platform/backend/internal/web"
)

// A generated club year: the rows inserted, kept in memory so tests can compute the right
// answers without SQL.

type genSession struct {
	id, classType, trainer uint64
	startsAt, endsAt       time.Time
	capacity               int
	cancelled              bool
	statuses               []string // one per booking
}

type genOrder struct {
	plan       uint64
	planName   string
	amount     int64
	status     string
	paidAt     *time.Time
	refundedAt *time.Time
}

type club struct {
	classTypes map[uint64]string
	trainers   map[uint64]string
	sessions   []genSession
	orders     []genOrder
}

type clubSpec struct {
	year                     int
	members, trainers, types int
	sessions                 int
	bookingsPerSession       int // average
	orders                   int
	now                      time.Time // sessions before it are past (check-ins, no-shows)
	seed                     uint64
}

// bulk inserts rows with one multi-row INSERT per 1,000.
func bulk(t testing.TB, db *gorm.DB, head, tuple string, rows [][]any) {
	t.Helper()
	for start := 0; start < len(rows); start += 1000 {
		batch := rows[start:min(start+1000, len(rows))]
		args := make([]any, 0, len(batch)*len(batch[0]))
		var sb strings.Builder
		sb.WriteString(head + " VALUES ")
		for i, r := range batch {
			if i > 0 {
				sb.WriteString(",")
			}
			sb.WriteString(tuple)
			args = append(args, r...)
		}
		if err := db.Exec(sb.String(), args...).Error; err != nil {
			t.Fatalf("%s: %v", head, err)
		}
	}
}

// ids returns the ids of the n rows last inserted into table (ids are consecutive per statement
// batch on InnoDB with the default lock mode, but we read them back to be safe).
func ids(t testing.TB, db *gorm.DB, query string, args ...any) []uint64 {
	t.Helper()
	var out []uint64
	if err := db.Raw(query, args...).Scan(&out).Error; err != nil {
		t.Fatal(err)
	}
	return out
}

func generate(t testing.TB, db *gorm.DB, sp clubSpec) club {
	t.Helper()
	rng := rand.New(rand.NewPCG(sp.seed, 17))
	tag := fmt.Sprintf("gen%d-%d", sp.year, rng.Uint32())
	now := time.Now().UTC()
	var users [][]any
	for i := range sp.members + sp.trainers {
		role := "member"
		if i < sp.trainers {
			role = "trainer"
		}
		users = append(users, []any{fmt.Sprintf("%s-%d@example.test", tag, i), fmt.Sprintf("%s %s %d", role, tag, i), role, now, now})
	}
	bulk(t, db, "INSERT INTO users (email, password_hash, name, role, created_at, updated_at)", "(?, '!', ?, ?, ?, ?)", users)
	userIDs := ids(t, db, "SELECT id FROM users WHERE email LIKE ? ORDER BY id", tag+"-%")
	c := club{classTypes: map[uint64]string{}, trainers: map[uint64]string{}}
	trainerIDs, memberIDs := userIDs[:sp.trainers], userIDs[sp.trainers:]
	for i, id := range trainerIDs {
		c.trainers[id] = fmt.Sprintf("trainer %s %d", tag, i)
	}
	var types [][]any
	for i := range sp.types {
		types = append(types, []any{fmt.Sprintf("%s type %d", tag, i), 45 + 15*(i%3)})
	}
	bulk(t, db, "INSERT INTO class_types (name, description, level, duration_minutes, credit_cost)", "(?, '', 'all', ?, 1)", types)
	typeIDs := ids(t, db, "SELECT id FROM class_types WHERE name LIKE ? ORDER BY id", tag+" type %")
	for i, id := range typeIDs {
		c.classTypes[id] = fmt.Sprintf("%s type %d", tag, i)
	}

	yearStart := time.Date(sp.year, 1, 1, 0, 0, 0, 0, web.ClubZone)
	days := yearStart.AddDate(1, 0, 0).Sub(yearStart).Hours() / 24
	var sessions [][]any
	for i := range sp.sessions {
		day := yearStart.AddDate(0, 0, int(float64(i)*days/float64(sp.sessions)))
		start := time.Date(day.Year(), day.Month(), day.Day(), 6+rng.IntN(16), 15*rng.IntN(4), 0, 0, web.ClubZone).UTC()
		ct := typeIDs[rng.IntN(len(typeIDs))]
		s := genSession{classType: ct, trainer: trainerIDs[rng.IntN(len(trainerIDs))], startsAt: start, endsAt: start.Add(time.Hour),
			capacity: 15 + rng.IntN(16), cancelled: rng.IntN(40) == 0}
		n := min(s.capacity, max(0, sp.bookingsPerSession-6+rng.IntN(13)))
		past := start.Before(sp.now)
		for range n {
			st := "booked"
			switch r := rng.IntN(100); {
			case s.cancelled:
				st = "session_cancelled"
			case r < 8:
				st = "cancelled"
			case r < 12:
				st = "late_cancelled"
			case past && r < 85:
				st = "checked_in"
			}
			s.statuses = append(s.statuses, st)
		}
		held, in := 0, 0
		for _, st := range s.statuses {
			if st == "booked" || st == "checked_in" {
				held++
			}
			if st == "checked_in" {
				in++
			}
		}
		status := "scheduled"
		if s.cancelled {
			status = "cancelled"
		}
		c.sessions = append(c.sessions, s)
		sessions = append(sessions, []any{ct, s.trainer, tag, s.startsAt, s.endsAt, s.capacity, held, in, s.startsAt.Add(-14 * 24 * time.Hour), status})
	}
	bulk(t, db, "INSERT INTO class_sessions (class_type_id, trainer_id, room, starts_at, ends_at, capacity, booked_count, checked_in_count, booking_opens_at, status)",
		"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", sessions)
	sessionIDs := ids(t, db, "SELECT id FROM class_sessions WHERE room = ? ORDER BY id", tag)
	var bookings [][]any
	for i := range c.sessions {
		c.sessions[i].id = sessionIDs[i]
		first := rng.IntN(len(memberIDs))
		for j, st := range c.sessions[i].statuses {
			bookings = append(bookings, []any{sessionIDs[i], memberIDs[(first+j)%len(memberIDs)], st, c.sessions[i].startsAt.Add(-48 * time.Hour)})
		}
	}
	bulk(t, db, "INSERT INTO bookings (session_id, user_id, status, booked_at)", "(?, ?, ?, ?)", bookings)

	plans := []struct {
		id     uint64
		name   string
		amount int64
	}{{900001, "Monthly", 12000}, {900002, "10 classes", 20050}, {900003, "Annual", 99000}}
	var orders [][]any
	for i := range sp.orders {
		p := plans[rng.IntN(len(plans))]
		created := yearStart.Add(time.Duration(rng.Int64N(int64(days*24)-48)) * time.Hour).Add(time.Duration(rng.IntN(3600)) * time.Second).UTC()
		if i == 0 { // the last minutes of March local time are still March (UTC says otherwise)
			created = time.Date(sp.year, 3, 31, 23, 50, 0, 0, web.ClubZone).UTC()
		}
		o := genOrder{plan: p.id, planName: p.name, amount: p.amount, status: []string{"paid", "paid", "paid", "refunded", "failed", "pending", "refund_pending"}[rng.IntN(7)]}
		if i == 0 {
			o.status = "refunded"
		}
		if o.status == "paid" || o.status == "refunded" || o.status == "refund_pending" {
			paid := created.Add(2 * time.Minute)
			o.paidAt = &paid
		}
		if o.status == "refunded" {
			r := created.Add(time.Duration(1+rng.IntN(40)*24) * time.Hour)
			o.refundedAt = &r
		}
		c.orders = append(c.orders, o)
		orders = append(orders, []any{memberIDs[rng.IntN(len(memberIDs))], o.plan, o.planName, o.amount, o.status, o.paidAt, o.refundedAt, created, created})
	}
	bulk(t, db, "INSERT INTO orders (user_id, plan_id, plan_name, amount_rappen, currency, status, paid_at, refunded_at, created_at, updated_at)",
		"(?, ?, ?, ?, 'CHF', ?, ?, ?, ?, ?)", orders)
	return c
}

// db is the package's database (the test and the benchmark use different years).
func db(t testing.TB) *gorm.DB { return testenv.DB(t) }
