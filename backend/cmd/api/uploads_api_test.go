package main

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/testenv"
	"github.com/trainingclub/platform/backend/internal/upload"
)

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, x%h, color.RGBA{R: uint8(x), A: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var (
	pdfBytes  = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	elfBytes  = append([]byte("\x7fELF\x02\x01\x01\x00"), bytes.Repeat([]byte{0x90}, 512)...)
	webpBytes = append([]byte("RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00"), bytes.Repeat([]byte{0}, 24)...)
)

// upload posts a multipart form (kind, file) and returns the answer.
func (a *api) upload(t *testing.T, token, kind, filename string, data []byte) response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if kind != "" {
		_ = mw.WriteField("kind", kind)
	}
	if data != nil {
		fw, err := mw.CreateFormFile("file", filename)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, a.base+"/api/uploads", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return do(t, req)
}

func do(t *testing.T, req *http.Request) response {
	t.Helper()
	resp, err := apiClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return response{Status: resp.StatusCode, Header: resp.Header, Body: raw}
}

func (a *api) download(t *testing.T, id uint64, token string) response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, a.base+path("/api/uploads/%d", id), nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return do(t, req)
}

func TestUploadsAPI(t *testing.T) {
	a := newAPI(t)
	admin, trainer, member := a.createOneOfEachRole(t)
	other := a.createUser(t, auth.RoleMember)
	img := pngBytes(t, 40, 30)

	expect := func(t *testing.T, r response, status int, code string) {
		t.Helper()
		if r.Status != status || (code != "" && r.ErrorCode() != code) {
			t.Fatalf("want %d %s, got %d %s", status, code, r.Status, r.Body)
		}
	}

	var avatarID, docID uint64
	t.Run("avatar upload and public download", func(t *testing.T) {
		r := a.upload(t, member.Token, "avatar", "../../etc/passwd.png", img)
		expect(t, r, 201, "")
		avatarID = idOf(t, r)
		if r.JSON(t)["content_type"] != "image/png" || r.JSON(t)["url"] != path("/api/uploads/%d", avatarID) {
			t.Fatalf("answer %s", r.Body)
		}
		d := a.download(t, avatarID, "")
		expect(t, d, 200, "")
		if !bytes.Equal(d.Body, img) || d.Header.Get("Content-Type") != "image/png" || d.Header.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.HasPrefix(d.Header.Get("Content-Disposition"), "inline") {
			t.Fatalf("download headers %v", d.Header)
		}
		var name string
		testenv.DB(t).Raw("SELECT storage_name FROM uploads WHERE id = ?", avatarID).Scan(&name)
		if strings.Contains(name, "passwd") || strings.Contains(name, "..") || !strings.HasPrefix(name, "avatar/") {
			t.Fatalf("storage name %q carries user input", name)
		}
		fi, err := os.Stat(filepath.Join(a.env["UPLOADS_DIR"], name))
		if err != nil || fi.Mode().Perm() != 0o640 {
			t.Fatalf("stored file: %v %v", fi, err)
		}
		di, _ := os.Stat(filepath.Dir(filepath.Join(a.env["UPLOADS_DIR"], name)))
		if di.Mode().Perm() != 0o750 {
			t.Fatalf("dir mode %v", di.Mode())
		}
	})

	t.Run("webp accepted", func(t *testing.T) {
		r := a.upload(t, member.Token, "avatar", "x.webp", webpBytes)
		expect(t, r, 201, "")
		if r.JSON(t)["content_type"] != "image/webp" {
			t.Fatal(string(r.Body))
		}
	})

	t.Run("documents are admin only, served as attachment", func(t *testing.T) {
		expect(t, a.upload(t, member.Token, "document", "a.pdf", pdfBytes), 403, "forbidden")
		r := a.upload(t, admin.Token, "document", "a.pdf", pdfBytes)
		expect(t, r, 201, "")
		docID = idOf(t, r)
		expect(t, a.download(t, docID, ""), 404, "not_found")
		expect(t, a.download(t, docID, member.Token), 404, "not_found")
		d := a.download(t, docID, admin.Token)
		expect(t, d, 200, "")
		if d.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(d.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("pdf headers %v", d.Header)
		}
	})

	t.Run("bad input", func(t *testing.T) {
		expect(t, a.upload(t, member.Token, "avatar", "evil.png", elfBytes), 415, "unsupported_media_type")
		expect(t, a.upload(t, member.Token, "avatar", "a.png", []byte("\x89PNG\r\n\x1a\nnot really")), 415, "unsupported_media_type")
		expect(t, a.upload(t, member.Token, "avatar", "a.pdf", pdfBytes), 415, "unsupported_media_type")
		expect(t, a.upload(t, member.Token, "trainer_photo", "a.png", img), 403, "forbidden")
		expect(t, a.upload(t, trainer.Token, "trainer_photo", "a.png", img), 201, "")
		expect(t, a.upload(t, member.Token, "selfie", "a.png", img), 422, "validation_failed")
		expect(t, a.upload(t, member.Token, "", "a.png", img), 422, "validation_failed")
		expect(t, a.upload(t, member.Token, "avatar", "", nil), 422, "validation_failed")
		expect(t, a.upload(t, member.Token, "avatar", "a.png", []byte{}), 422, "validation_failed")
		expect(t, a.upload(t, "", "avatar", "a.png", img), 401, "unauthorized")
		big := append(pngBytes(t, 4, 4), bytes.Repeat([]byte{0}, 6<<20)...)
		expect(t, a.upload(t, member.Token, "avatar", "big.png", big), 413, "payload_too_large")
		r := a.call(t, "POST", "/api/uploads", member.Token, `{"kind":"avatar"}`)
		expect(t, r, 415, "unsupported_media_type")
	})

	t.Run("quota", func(t *testing.T) {
		q := a.createUser(t, auth.RoleMember)
		chunk := append(pngBytes(t, 4, 4), bytes.Repeat([]byte{0}, 4<<20+512<<10)...) // 4.5 MiB: 4 fit in 20 MiB
		for range 4 {
			expect(t, a.upload(t, q.Token, "avatar", "c.png", chunk), 201, "")
		}
		expect(t, a.upload(t, q.Token, "avatar", "c.png", chunk), 413, "quota_exceeded")
	})

	t.Run("quota holds under concurrency", func(t *testing.T) {
		q := a.createUser(t, auth.RoleMember)
		chunk := append(pngBytes(t, 4, 4), bytes.Repeat([]byte{0}, 3<<20)...) // 3 MiB: 6 fit in 20 MiB
		var wg sync.WaitGroup
		var mu sync.Mutex
		created := 0
		for range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if a.upload(t, q.Token, "avatar", "c.png", chunk).Status == 201 {
					mu.Lock()
					created++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if created != 6 {
			t.Fatalf("%d uploads stored, want 6 (quota 20 MiB)", created)
		}
	})

	t.Run("avatar and delete", func(t *testing.T) {
		runCases(t, a, []apiCase{
			{name: "set avatar", method: "PUT", path: "/api/me/avatar", token: member.Token, body: map[string]any{"upload_id": avatarID}, status: 200},
			{name: "someone else's upload", method: "PUT", path: "/api/me/avatar", token: other.Token, body: map[string]any{"upload_id": avatarID}, status: 422},
			{name: "a document", method: "PUT", path: "/api/me/avatar", token: admin.Token, body: map[string]any{"upload_id": docID}, status: 422},
			{name: "bad body", method: "PUT", path: "/api/me/avatar", token: member.Token, body: `{"upload_id":"x"}`, status: 400},
			{name: "delete by another member", method: "DELETE", path: path("/api/uploads/%d", avatarID), token: other.Token, status: 404},
			{name: "delete bad id", method: "DELETE", path: "/api/uploads/x", token: member.Token, status: 400},
			{name: "delete by owner", method: "DELETE", path: path("/api/uploads/%d", avatarID), token: member.Token, status: 204},
			{name: "gone", method: "GET", path: path("/api/uploads/%d", avatarID), status: 404},
		})
		var avatar *uint64
		testenv.DB(t).Raw("SELECT avatar_upload_id FROM users WHERE id = ?", member.ID).Scan(&avatar)
		if avatar != nil {
			t.Fatalf("avatar still points at the deleted upload %d", *avatar)
		}
	})

	t.Run("DeleteAllForUser removes rows and files", func(t *testing.T) {
		u := a.createUser(t, auth.RoleMember)
		var names []string
		for range 3 {
			id := idOf(t, a.upload(t, u.Token, "avatar", "a.png", img))
			var n string
			testenv.DB(t).Raw("SELECT storage_name FROM uploads WHERE id = ?", id).Scan(&n)
			names = append(names, n)
		}
		svc := upload.NewService(testenv.DB(t), a.env["UPLOADS_DIR"], 5<<20, 0, testenv.Log)
		if err := svc.DeleteAllForUser(context.Background(), u.ID); err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			if _, err := os.Stat(filepath.Join(a.env["UPLOADS_DIR"], n)); !os.IsNotExist(err) {
				t.Fatalf("file %s still there: %v", n, err)
			}
		}
		var left int64
		testenv.DB(t).Raw("SELECT COUNT(*) FROM uploads WHERE user_id = ?", u.ID).Scan(&left)
		if left != 0 {
			t.Fatalf("%d rows left", left)
		}
		if err := testenv.DB(t).Exec("DELETE FROM users WHERE id = ?", u.ID).Error; err != nil {
			t.Fatalf("user delete after DeleteAllForUser: %v", err)
		}
	})
}

// FuzzUploadMultipart throws arbitrary bytes at the upload route as a file: never a 500.
func FuzzUploadMultipart(f *testing.F) {
	srv, _, toks, _ := inProcessServer(f)
	for _, seed := range [][]byte{nil, []byte("\x89PNG\r\n\x1a\n"), []byte("%PDF-"), []byte("RIFF\x00\x00\x00\x00WEBPVP8 "), []byte("\xff\xd8\xff\xe0"), elfBytes} {
		f.Add("avatar", seed)
		f.Add("document", seed)
	}
	f.Fuzz(func(t *testing.T, kind string, data []byte) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("kind", kind)
		fw, _ := mw.CreateFormFile("file", "f")
		fw.Write(data)
		mw.Close()
		req, _ := http.NewRequest(http.MethodPost, "/api/uploads", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", "Bearer "+toks[auth.RoleAdmin])
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%q %q: %d %s", kind, data, rec.Code, rec.Body)
		}
	})
}
