// Package netfail recognises errors that mean "the server on the other end of a connection is
// not answering" (refused, reset, timed out, partitioned, or the caller's deadline ran out),
// whichever client library reported them. MySQL and Redis use it to tell an outage (503, try
// again) from a bug (500).
package netfail

import (
	"context"
	"errors"
	"io"
	"net"
	"syscall"
)

// Is reports whether err is a connection-level failure or an expired or cancelled context.
func Is(err error) bool {
	if err == nil {
		return false
	}
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return true
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE), errors.Is(err, syscall.ETIMEDOUT),
		errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return true
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed):
		return true
	case errors.As(err, &ne): // *net.OpError, *net.DNSError, i/o timeouts
		return true
	}
	return false
}
