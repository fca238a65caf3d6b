package query

import (
	"errors"
	"testing"

	"github.com/trainingclub/platform/backend/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

type row struct {
	ID   uint64
	Kind string
}

func (row) TableName() string { return "query_test_rows" }

type window struct{ limit, offset int }

func (w window) Limit() int  { return w.limit }
func (w window) Offset() int { return w.offset }

var errMissing = errors.New("missing")

func TestPageAndOne(t *testing.T) {
	db := testenv.DB(t)
	if err := db.Exec("CREATE TABLE query_test_rows (id BIGINT UNSIGNED PRIMARY KEY, kind VARCHAR(10) NOT NULL)").Error; err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Exec("DROP TABLE query_test_rows") })
	for i := uint64(1); i <= 5; i++ {
		kind := "a"
		if i%2 == 0 {
			kind = "b"
		}
		if err := db.Create(&row{ID: i, Kind: kind}).Error; err != nil {
			t.Fatal(err)
		}
	}

	q := db.Model(&row{}).Where("kind = ?", "a")
	got, total, err := Page[row](q, q, "id DESC", window{limit: 2, offset: 1})
	if err != nil || total != 3 || len(got) != 2 || got[0].ID != 3 || got[1].ID != 1 {
		t.Fatalf("Page = %v, %d, %v; want rows 3 and 1 of 3", got, total, err)
	}
	got, total, err = Page[row](db.Model(&row{}), db.Model(&row{}), "id", window{limit: 10, offset: 10})
	if err != nil || total != 5 || len(got) != 0 {
		t.Fatalf("Page past the end = %v, %d, %v; want no rows of 5", got, total, err)
	}

	r, err := One[row](db, errMissing, 4)
	if err != nil || r.Kind != "b" {
		t.Fatalf("One(4) = %v, %v", r, err)
	}
	r, err = One[row](db.Where("kind = ?", "a"), errMissing, 2)
	if !errors.Is(err, errMissing) || r != (row{}) {
		t.Fatalf("One(2, kind a) = %v, %v; want errMissing", r, err)
	}
	r, found, err := Maybe[row](db, "kind = ?", "b")
	if err != nil || !found || r.Kind != "b" {
		t.Fatalf("Maybe(kind b) = %v, %v, %v", r, found, err)
	}
	r, found, err = Maybe[row](db, 9)
	if err != nil || found || r != (row{}) {
		t.Fatalf("Maybe(9) = %v, %v, %v; want not found and no error", r, found, err)
	}
	if _, _, err = Maybe[row](db.Table("query_test_no_such_table"), 1); err == nil {
		t.Fatal("Maybe on a missing table gave no error")
	}
}

func TestForUpdateHoldsTheRowUntilCommit(t *testing.T) {
	db := testenv.DB(t)
	if err := db.Exec("CREATE TABLE query_test_locks (id BIGINT UNSIGNED PRIMARY KEY, kind VARCHAR(10) NOT NULL)").Error; err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Exec("DROP TABLE query_test_locks") })
	if err := db.Exec("INSERT INTO query_test_locks VALUES (1, 'a')").Error; err != nil {
		t.Fatal(err)
	}
	holder := db.Begin()
	defer holder.Rollback()
	var held row
	if err := ForUpdate(holder.Table("query_test_locks")).Take(&held, 1).Error; err != nil {
		t.Fatal(err)
	}
	waiter := db.Begin()
	defer waiter.Rollback()
	if err := waiter.Exec("SET SESSION innodb_lock_wait_timeout = 1").Error; err != nil {
		t.Fatal(err)
	}
	var got row
	if err := ForUpdate(waiter.Table("query_test_locks")).Take(&got, 1).Error; err == nil {
		t.Fatal("a second FOR UPDATE read the row while the first transaction held it")
	}
	if err := db.Table("query_test_locks").Take(&got, 1).Error; err != nil || got.Kind != "a" {
		t.Fatalf("a plain read = %v, %v; want it not blocked", got, err)
	}
}
