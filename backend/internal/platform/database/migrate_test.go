package database

import (
	"testing"
	"testing/fstest"
)

func TestLoadMigrations(t *testing.T) {
	good := fstest.MapFS{
		"0002_b.up.sql": {Data: []byte("SELECT 2;")},
		"0001_a.up.sql": {Data: []byte("SELECT 1;")},
		"README.md":     {Data: []byte("ignored")},
	}
	ms, err := LoadMigrations(good)
	if err != nil || len(ms) != 2 || ms[0].Version != 1 || ms[1].Name != "b" {
		t.Fatalf("got %+v %v", ms, err)
	}
	for name, fsys := range map[string]fstest.MapFS{
		"duplicate version": {"0001_a.up.sql": {}, "0001_b.up.sql": {}},
		"bad name":          {"first.up.sql": {}},
	} {
		if _, err := LoadMigrations(fsys); err == nil {
			t.Errorf("%s: want error", name)
		}
	}
}
