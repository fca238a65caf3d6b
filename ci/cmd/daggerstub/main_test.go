package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestExported(t *testing.T) {
	src := `package dagger

type Container struct{}
type Platform string
type Loadable[T any] interface{ Load() T }
type hidden int

const ReturnTypeAny ReturnType = "ANY"
const (
	A, b = 1, 2
)

var Exported, unexported = 1, 2

func (c *Container) From(s string) *Container { return c }
func Tracer() int { return 0 }
func Ref[T any](v T) T { return v }
func helper() {}
`
	file := filepath.Join(t.TempDir(), "dagger.gen.go")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Exported(file)
	if err != nil {
		t.Fatal(err)
	}
	want := Names{
		Types:   []string{"Container", "Platform"},
		Consts:  []string{"A", "ReturnTypeAny"},
		Vars:    []string{"Exported"},
		Funcs:   []string{"Tracer"},
		Skipped: []string{"Loadable", "Ref"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Exported = %+v\nwant %+v", got, want)
	}

	pkg, err := PackageStub(got)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Container = lib.Container", "ReturnTypeAny = lib.ReturnTypeAny", "Tracer = lib.Tracer", "func Connect() *Client"} {
		if !strings.Contains(strings.Join(strings.Fields(string(pkg)), " "), w) {
			t.Errorf("package stub lacks %q:\n%s", w, pkg)
		}
	}
	if strings.Contains(string(pkg), "Ref = ") || strings.Contains(string(pkg), "Loadable = ") {
		t.Errorf("package stub aliases a generic name:\n%s", pkg)
	}
}

func TestMainStub(t *testing.T) {
	src, err := MainStub("dagger/training-club", "TrainingClub")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"var dag = dagger.Connect()", `"dagger/training-club/internal/dagger"`, "func (r TrainingClub) MarshalJSON()"} {
		if !strings.Contains(string(src), w) {
			t.Errorf("main stub lacks %q:\n%s", w, src)
		}
	}
	if _, err := MainStub("dagger/x", "not-an-ident"); err == nil {
		t.Error("MainStub accepted an invalid object name")
	}
}
