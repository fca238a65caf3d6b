package database

import (
	"reflect"
	"testing"
	"testing/fstest"
)

func TestSplitStatements(t *testing.T) {
	sql := "-- a comment\nCREATE TABLE a (\n  id INT\n);\n\nINSERT INTO a VALUES (1);\nUPDATE a SET id = 2"
	got := SplitStatements(sql)
	want := []string{"CREATE TABLE a (\n  id INT\n)", "INSERT INTO a VALUES (1)", "UPDATE a SET id = 2"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q", got)
	}
}

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
