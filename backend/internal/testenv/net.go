package testenv

import (
	"net"
	"strconv"
	"testing"
)

// FreePort is a port on 127.0.0.1 that nothing listens on: the kernel's pick, closed again (for
// a server the test starts, or a dependency that refuses connections).
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// FreeAddr is FreePort as host:port.
func FreeAddr(t testing.TB) string {
	t.Helper()
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(FreePort(t)))
}
