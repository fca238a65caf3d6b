package main

import (
	"strings"
	"testing"
)

func TestCheckCompose(t *testing.T) {
	good := `services:
  backend:
    build:
      context: ./backend
      args:
        GO_IMAGE: ${GO_IMAGE:-golang:1.26}
    image: ${BACKEND_IMAGE:-training-club/backend:dev}
  frontend:
    build:
      context: ./frontend
  proxy:
    build:
      context: ./proxy
`
	if fs := checkCompose(good); len(fs) != 0 {
		t.Errorf("good compose has findings: %v", fs)
	}
	bad := strings.Replace(strings.Replace(good, "context: ./proxy", "context: .", 1), "golang:1.26}", "standin/golang:1.26}", 1)
	fs := checkCompose(bad)
	if len(fs) != 2 || !strings.Contains(fs[0]+fs[1], "./proxy") || !strings.Contains(fs[0]+fs[1], "GO_IMAGE") {
		t.Errorf("bad compose findings = %v", fs)
	}
}
