package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// Cached is a response body kept in memory with its validators: the identity bytes and,
// optionally, a gzip encoding made once, each with its own strong ETag.
type Cached struct {
	Plain, Gzip    []byte
	ETag, GzipETag string
}

// Shared header values (never appended to: net/http only reads them).
var (
	varyAcceptEncoding = []string{"Accept-Encoding"}
	encodingGzip       = []string{"gzip"}
	contentTypeJSON    = []string{echo.MIMEApplicationJSON}
)

// ServeCached answers c with body: gzip when the client accepts it and a gzip encoding exists,
// 304 Not Modified when If-None-Match names either representation's ETag, with Vary and the
// given Cache-Control on both.
func ServeCached(c echo.Context, body Cached, cacheControl []string) error {
	req, h := c.Request(), c.Response().Header()
	h["Vary"] = varyAcceptEncoding
	h["Cache-Control"] = cacheControl
	b, tag, gz := body.Plain, body.ETag, false
	if body.Gzip != nil && AcceptsGzip(req.Header.Get("Accept-Encoding")) {
		b, tag, gz = body.Gzip, body.GzipETag, true
	}
	h["Etag"] = []string{tag}
	if inm := req.Header.Get("If-None-Match"); inm != "" && (NoneMatch(inm, body.ETag) || (body.GzipETag != "" && NoneMatch(inm, body.GzipETag))) {
		c.Response().WriteHeader(http.StatusNotModified)
		return nil
	}
	if gz {
		h["Content-Encoding"] = encodingGzip
	}
	h["Content-Type"] = contentTypeJSON
	h["Content-Length"] = []string{strconv.Itoa(len(b))}
	c.Response().WriteHeader(http.StatusOK)
	_, err := c.Response().Write(b)
	return err
}

// AcceptsGzip reports whether an Accept-Encoding header value allows gzip (by name or "*", with
// a non-zero q).
func AcceptsGzip(header string) bool {
	star := false
	for header != "" {
		var part string
		part, header, _ = strings.Cut(header, ",")
		name, params, _ := strings.Cut(part, ";")
		name = strings.TrimSpace(name)
		ok := qNonZero(params)
		switch {
		case strings.EqualFold(name, "gzip"), strings.EqualFold(name, "x-gzip"):
			return ok
		case name == "*":
			star = ok
		}
	}
	return star
}

// qNonZero reads the q parameter of an Accept-Encoding item (missing means 1; malformed, 0).
func qNonZero(params string) bool {
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(k, "q") {
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return err == nil && q > 0
		}
	}
	return true
}

// NoneMatch reports whether an If-None-Match header value matches etag: "*" or any listed tag,
// compared weakly as RFC 9110 requires for If-None-Match.
func NoneMatch(header, etag string) bool {
	etag = strings.TrimPrefix(etag, "W/")
	for header != "" {
		var t string
		t, header, _ = strings.Cut(header, ",")
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}
