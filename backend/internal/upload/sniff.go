package upload

import (
	"bytes"
	"image"
	_ "image/jpeg" // DecodeConfig checks JPEG headers
	_ "image/png"  // DecodeConfig checks PNG headers
)

// Sniff returns the content type and file extension of data, judged from its bytes only.
func Sniff(data []byte) (contentType, ext string, ok bool) {
	switch {
	case bytes.HasPrefix(data, []byte("\xFF\xD8\xFF")):
		if _, _, err := image.DecodeConfig(bytes.NewReader(data)); err != nil {
			return "", "", false
		}
		return "image/jpeg", "jpg", true
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		if _, _, err := image.DecodeConfig(bytes.NewReader(data)); err != nil {
			return "", "", false
		}
		return "image/png", "png", true
	case len(data) >= 16 && bytes.Equal(data[0:4], []byte("RIFF")) && bytes.Equal(data[8:12], []byte("WEBP")) &&
		(bytes.Equal(data[12:16], []byte("VP8 ")) || bytes.Equal(data[12:16], []byte("VP8L")) || bytes.Equal(data[12:16], []byte("VP8X"))):
		return "image/webp", "webp", true
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "application/pdf", "pdf", true
	}
	return "", "", false
}
