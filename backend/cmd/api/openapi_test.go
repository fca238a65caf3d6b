package main

import (
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/trainingclub/platform/backend/internal/httpapi"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

var echoParam = regexp.MustCompile(`:([A-Za-z_]+)`)

// TestOpenAPIMatchesRoutes fails when a route is not documented or the document names a route
// the server does not have.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	env := testEnv(t)
	cfg := loadTestConfig(t, env)
	a, err := wire(cfg, testenv.Log, testenv.DB(t), testenv.Redis(t))
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()

	served := map[string]bool{}
	for _, r := range a.server.Routes() {
		if !strings.HasPrefix(r.Path, "/api/") || r.Method == "echo_route_any" || r.Method == "RouteNotFound" {
			continue
		}
		served[strings.ToLower(r.Method)+" "+echoParam.ReplaceAllString(r.Path, "{$1}")] = true
	}
	doc, err := httpapi.OpenAPIDocument()
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for path, item := range doc["paths"].(map[string]any) {
		for method := range item.(map[string]any) {
			switch strings.ToUpper(method) {
			case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
				documented[method+" "+path] = true
			}
		}
	}
	var missing, extra []string
	for r := range served {
		if !documented[r] {
			missing = append(missing, r)
		}
	}
	for r := range documented {
		if !served[r] {
			extra = append(extra, r)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 || len(extra) > 0 {
		t.Fatalf("OpenAPI and routes disagree\n  served but not documented: %v\n  documented but not served: %v", missing, extra)
	}
	if len(served) < 3 {
		t.Fatalf("suspiciously few routes: %v", served)
	}
}
