package query

import (
	"testing"
	"time"

	"github.com/trainingclub/platform/backend/internal/testenv"
)

type event struct {
	ID uint64
	At time.Time
}

func (event) TableName() string { return "query_test_events" }

func TestBetween(t *testing.T) {
	db := testenv.DB(t)
	if err := db.Exec("CREATE TABLE query_test_events (id BIGINT UNSIGNED PRIMARY KEY, at DATETIME(6) NOT NULL)").Error; err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Exec("DROP TABLE query_test_events") })
	day := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := uint64(1); i <= 3; i++ {
		if err := db.Create(&event{ID: i, At: day.AddDate(0, 0, int(i))}).Error; err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name     string
		from, to time.Time
		want     int64
	}{
		{"open", time.Time{}, time.Time{}, 3},
		{"from is inclusive", day.AddDate(0, 0, 2), time.Time{}, 2},
		{"to is exclusive", time.Time{}, day.AddDate(0, 0, 2), 1},
		{"both", day.AddDate(0, 0, 2), day.AddDate(0, 0, 3), 1},
	}
	for _, tt := range tests {
		var n int64
		if err := Between(db.Model(&event{}), "at", tt.from, tt.to).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		if n != tt.want {
			t.Errorf("%s: %d rows, want %d", tt.name, n, tt.want)
		}
	}
}
