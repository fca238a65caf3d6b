package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"testing"
	"time"
)

// weekOf returns the week view path covering a session starting in startsIn.
func weekOf(startsIn time.Duration, trainer uint64) string {
	from := time.Now().UTC().Add(startsIn - time.Hour).Format(time.RFC3339)
	return path("/api/sessions?from=%s&trainer=%d&per_page=100", from, trainer)
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// bookedCount reads items[0].booked_count of a week view body.
func bookedCount(t *testing.T, body []byte) int {
	t.Helper()
	var l struct {
		Items []struct {
			BookedCount int `json:"booked_count"`
		}
	}
	response{Body: body}.Decode(t, &l)
	if len(l.Items) != 1 {
		t.Fatalf("want one session in the view: %s", body)
	}
	return l.Items[0].BookedCount
}

// TestWeekViewHTTPCaching: strong ETag per representation, 304 on If-None-Match, Cache-Control
// and Vary, a gzip body equal to the plain one, and a fresh body (counts right) after a write.
func TestWeekViewHTTPCaching(t *testing.T) {
	a := newAPI(t)
	admin, trainer, member := a.createOneOfEachRole(t)
	ct := a.mkClassType(t, admin, 1)
	for i := 0; i < 8; i++ { // enough sessions that the body is worth compressing
		a.mkSession(t, trainer.Token, ct, trainer.ID, sessionOpts{startsIn: 50*time.Hour + time.Duration(i)*time.Hour, capacity: 5, cutoff: 60})
	}
	week := weekOf(50*time.Hour, trainer.ID)

	// Go's transport asks for gzip and decodes it unless the request names an encoding itself.
	identity := http.Header{"Accept-Encoding": {"identity"}}
	plain := a.callWith(t, identity, "GET", week, "", nil)
	etag := plain.Header.Get("ETag")
	if plain.Status != 200 || len(etag) < 3 || etag[0] != '"' || plain.Header.Get("Content-Encoding") != "" {
		t.Fatalf("plain: %d ETag %q %v", plain.Status, etag, plain.Header)
	}
	if cc, vary := plain.Header.Get("Cache-Control"), plain.Header.Get("Vary"); cc != "public, no-cache" || vary != "Accept-Encoding" {
		t.Fatalf("Cache-Control %q, Vary %q", cc, vary)
	}
	gz := a.callWith(t, http.Header{"Accept-Encoding": {"br;q=1, gzip;q=0.8"}}, "GET", week, "", nil)
	gzTag := gz.Header.Get("ETag")
	if gz.Header.Get("Content-Encoding") != "gzip" || gzTag == etag || gzTag == "" || gz.Header.Get("Vary") != "Accept-Encoding" {
		t.Fatalf("gzip answer (plain ETag %s): %v", etag, gz.Header)
	}
	if !bytes.Equal(gunzip(t, gz.Body), plain.Body) {
		t.Fatal("gzip body differs from the plain body")
	}
	for _, inm := range []string{etag, gzTag, `"other", ` + etag, "W/" + etag} {
		r := a.callWith(t, http.Header{"If-None-Match": {inm}, "Accept-Encoding": {"identity"}}, "GET", week, "", nil)
		if r.Status != http.StatusNotModified || len(r.Body) != 0 || r.Header.Get("ETag") != etag {
			t.Fatalf("If-None-Match %s: %d %q %s", inm, r.Status, r.Header.Get("ETag"), r.Body)
		}
	}
	if r := a.callWith(t, http.Header{"If-None-Match": {`"stale"`}}, "GET", week, "", nil); r.Status != 200 {
		t.Fatalf("unknown ETag: %d", r.Status)
	}

	// A booking changes the view: the old ETag no longer matches and the count is right.
	pack := a.mkPack(t, admin, 5)
	a.grant(t, admin, member.ID, pack)
	first := weekOf(50*time.Hour, trainer.ID) + "&to=" + time.Now().UTC().Add(50*time.Hour+30*time.Minute).Format(time.RFC3339)
	before := a.call(t, "GET", first, "", nil)
	var l struct{ Items []struct{ ID uint64 } }
	before.Decode(t, &l)
	a.book(t, member, l.Items[0].ID)
	after := a.callWith(t, http.Header{"If-None-Match": {before.Header.Get("ETag")}}, "GET", first, "", nil)
	if after.Status != 200 || after.Header.Get("ETag") == before.Header.Get("ETag") {
		t.Fatalf("after a booking: %d %q", after.Status, after.Header.Get("ETag"))
	}
	if n := bookedCount(t, after.Body); n != bookedCount(t, before.Body)+1 {
		t.Fatalf("booked_count %d after booking, was %d", n, bookedCount(t, before.Body))
	}
}

// visibilityBound is how long a write may take to show on another instance (see
// schedule/cache.go: checkEvery plus one Redis round trip, well under it).
const visibilityBound = time.Second

// TestWeekViewSecondInstance: two API processes share MySQL and Redis; a write through one is
// visible in the other's (in-memory) week view within the stated bound.
func TestWeekViewSecondInstance(t *testing.T) {
	a := newAPI(t)
	b := a.replica(t)

	admin, trainer, member := a.createOneOfEachRole(t)
	ct := a.mkClassType(t, admin, 1)
	s := a.mkSession(t, trainer.Token, ct, trainer.ID, sessionOpts{startsIn: 30 * time.Hour, capacity: 5, cutoff: 60})
	a.grant(t, admin, member.ID, a.mkPack(t, admin, 5))
	week := weekOf(30*time.Hour, trainer.ID)
	for _, srv := range []*api{a, b} { // both hold the view in memory now
		if n := bookedCount(t, srv.call(t, "GET", week, "", nil).Body); n != 0 {
			t.Fatalf("booked_count %d before booking", n)
		}
	}
	a.book(t, member, s)
	wrote := time.Now()
	for {
		n := bookedCount(t, b.call(t, "GET", week, "", nil).Body)
		if n == 1 {
			t.Logf("visible on the second instance after %s", time.Since(wrote).Round(time.Millisecond))
			break
		}
		if time.Since(wrote) > visibilityBound {
			t.Fatalf("second instance still shows booked_count %d after %s", n, visibilityBound)
		}
		time.Sleep(10 * time.Millisecond)
	}
	// The writing instance shows its own write at once.
	if n := bookedCount(t, a.call(t, "GET", week, "", nil).Body); n != 1 {
		t.Fatalf("writer shows booked_count %d", n)
	}
}
