package pipeline

import (
	"reflect"
	"testing"
)

func TestHTTPSOrigin(t *testing.T) {
	for _, tc := range []struct {
		host string
		port int
		want string
	}{
		{"proxy", 443, "https://proxy"},
		{"proxy", 8443, "https://proxy:8443"},
		{"127.0.0.1", 443, "https://127.0.0.1"},
	} {
		got, err := HTTPSOrigin(tc.host, tc.port)
		if err != nil || got != tc.want {
			t.Errorf("HTTPSOrigin(%q, %d) = %q, %v; want %q", tc.host, tc.port, got, err, tc.want)
		}
	}
	for _, tc := range []struct {
		host string
		port int
	}{
		{"", 443}, {"https://proxy", 443}, {"proxy:443", 443}, {"proxy/api", 443},
		{"proxy", 0}, {"proxy", 65536}, {"pro xy", 443},
	} {
		if got, err := HTTPSOrigin(tc.host, tc.port); err == nil {
			t.Errorf("HTTPSOrigin(%q, %d) = %q; want an error", tc.host, tc.port, got)
		}
	}
}

func TestE2EStackEnv(t *testing.T) {
	got, err := E2EStackEnv("proxy", 443, "e2e-admin@example.test")
	if err != nil {
		t.Fatal(err)
	}
	want := []EnvVar{
		{"E2E_BASE_URL", "https://proxy"},
		{"E2E_API_URL", "https://proxy"},
		{"E2E_IGNORE_HTTPS_ERRORS", "1"},
		{"E2E_ADMIN_EMAIL", "e2e-admin@example.test"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("E2EStackEnv = %v; want %v", got, want)
	}
	// The base URL and the API share an origin: the browser calls /api on it.
	if got[0].Value != got[1].Value {
		t.Errorf("base URL %q and API URL %q differ", got[0].Value, got[1].Value)
	}
	if _, err := E2EStackEnv("https://proxy", 443, "a@b"); err == nil {
		t.Error("E2EStackEnv accepted a host with a scheme")
	}
	if _, err := E2EStackEnv("proxy", 443, ""); err == nil {
		t.Error("E2EStackEnv accepted an empty admin email")
	}
}
