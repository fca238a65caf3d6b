package upload

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/trainingclub/platform/backend/internal/auth"
)

func encoded(t *testing.T, enc func(*bytes.Buffer, image.Image) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := enc(&b, image.NewGray(image.Rect(0, 0, 3, 3))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSniff(t *testing.T) {
	pngData := encoded(t, func(b *bytes.Buffer, i image.Image) error { return png.Encode(b, i) })
	jpegData := encoded(t, func(b *bytes.Buffer, i image.Image) error { return jpeg.Encode(b, i, nil) })
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"png", pngData, "image/png"},
		{"jpeg", jpegData, "image/jpeg"},
		{"webp", []byte("RIFF\x10\x00\x00\x00WEBPVP8L\x00\x00\x00\x00"), "image/webp"},
		{"pdf", []byte("%PDF-1.7\n"), "application/pdf"},
		{"elf named png", []byte("\x7fELF\x02\x01\x01"), ""},
		{"windows exe", []byte("MZ\x90\x00\x03"), ""},
		{"png magic only", []byte("\x89PNG\r\n\x1a\ngarbage"), ""},
		{"jpeg magic only", []byte("\xFF\xD8\xFF\xE0garbage"), ""},
		{"riff but wav", []byte("RIFF\x10\x00\x00\x00WAVEfmt "), ""},
		{"html", []byte("<html><script>alert(1)</script>"), ""},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), ""},
		{"empty", nil, ""},
	}
	for _, tc := range cases {
		got, _, ok := Sniff(tc.data)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("%s: got %q %v, want %q", tc.name, got, ok, tc.want)
		}
	}
}

func TestParseKind(t *testing.T) {
	member := auth.Principal{UserID: 1, Role: auth.RoleMember}
	trainer := auth.Principal{UserID: 2, Role: auth.RoleTrainer}
	admin := auth.Principal{UserID: 3, Role: auth.RoleAdmin}
	for _, tc := range []struct {
		p    auth.Principal
		kind string
		ok   bool
	}{
		{member, "avatar", true}, {member, "trainer_photo", false}, {member, "document", false},
		{trainer, "trainer_photo", true}, {trainer, "document", false},
		{admin, "document", true}, {admin, "trainer_photo", true}, {admin, "../x", false}, {admin, "", false},
	} {
		if _, err := ParseKind(tc.p, tc.kind); (err == nil) != tc.ok {
			t.Errorf("%s %q: err %v", tc.p.Role, tc.kind, err)
		}
	}
}
