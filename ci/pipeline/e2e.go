package pipeline

import (
	"fmt"
	"net"
	"strconv"
	"strings"
)

// EnvVar is one environment variable of a container, in a fixed order.
type EnvVar struct {
	Name, Value string
}

// HTTPSOrigin is the https origin of host:port, without the port when it is
// 443 (so it matches the Origin header a browser sends). The host must be a
// bare DNS name or IP address: no scheme, path or port.
func HTTPSOrigin(host string, port int) (string, error) {
	if host == "" {
		return "", fmt.Errorf("empty host")
	}
	if strings.ContainsAny(host, ":/?#@ \t\r\n") {
		return "", fmt.Errorf("host %q must be a bare name (no scheme, port or path)", host)
	}
	if port < 1 || port > 65535 {
		return "", fmt.Errorf("port %d is out of range", port)
	}
	if port == 443 {
		return "https://" + host, nil
	}
	return "https://" + net.JoinHostPort(host, strconv.Itoa(port)), nil
}

// E2EStackEnv is the environment of scripts/e2e.sh when the browser tests
// drive the whole stack behind the proxy: the built frontend and the API
// (fixtures, health and OpenAPI checks) are both reached through the proxy's
// https origin, as a browser reaches production, and the proxy's self-signed
// certificate is accepted (E2E_IGNORE_HTTPS_ERRORS=1: Chromium's
// ignoreHTTPSErrors and, for node's fetch, NODE_TLS_REJECT_UNAUTHORIZED=0 in
// the test processes only). adminEmail is the fixture admin account.
func E2EStackEnv(proxyHost string, httpsPort int, adminEmail string) ([]EnvVar, error) {
	origin, err := HTTPSOrigin(proxyHost, httpsPort)
	if err != nil {
		return nil, fmt.Errorf("e2e proxy origin: %w", err)
	}
	if adminEmail == "" || !strings.Contains(adminEmail, "@") {
		return nil, fmt.Errorf("e2e admin email %q is not an address", adminEmail)
	}
	return []EnvVar{
		{"E2E_BASE_URL", origin},
		{"E2E_API_URL", origin},
		{"E2E_IGNORE_HTTPS_ERRORS", "1"},
		{"E2E_ADMIN_EMAIL", adminEmail},
	}, nil
}
