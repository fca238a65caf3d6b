package main

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"io"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

var (
	commitTime = time.Date(2026, 12, 2, 3, 33, 43, 0, time.UTC)
	baseTime   = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
)

type file struct {
	name    string
	content string
	mtime   time.Time
}

func tarLayer(t *testing.T, files ...file) v1.Layer {
	t.Helper()
	data := tarBytes(t, files...)
	l, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil },
		tarball.WithMediaType(types.OCILayer))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func tarBytes(t *testing.T, files ...file) []byte {
	t.Helper()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for _, f := range files {
		hdr := &tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.content)), ModTime: f.mtime,
			Typeflag: tar.TypeReg, Format: tar.FormatPAX}
		if f.content == "" {
			hdr.Typeflag, hdr.Mode, hdr.Name = tar.TypeDir, 0o755, f.name+"/"
		}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(f.content)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func baseImage(t *testing.T) v1.Image {
	t.Helper()
	base, err := random.Image(512, 2)
	if err != nil {
		t.Fatal(err)
	}
	base, err = mutate.Append(base, mutate.Addendum{
		Layer:     tarLayer(t, file{"etc", "", baseTime}, file{"etc/os-release", "ID=standin\n", baseTime}),
		History:   v1.History{CreatedBy: "base: os-release", Created: v1.Time{Time: baseTime}},
		MediaType: types.OCILayer,
	}, mutate.Addendum{
		Layer:     tarLayer(t, file{"etc/ca.pem", "ca", commitTime.Add(48 * time.Hour)}),
		History:   v1.History{CreatedBy: "base: ca", Created: v1.Time{Time: commitTime.Add(48 * time.Hour)}},
		MediaType: types.OCILayer,
	})
	if err != nil {
		t.Fatal(err)
	}
	return mutate.ConfigMediaType(mutate.MediaType(base, types.OCIManifestSchema1), types.OCIConfigJSON)
}

func build(t *testing.T, base v1.Image, buildTime time.Time) v1.Image {
	t.Helper()
	img, err := mutate.Append(base,
		mutate.Addendum{
			Layer: tarLayer(t, file{"app", "", buildTime}, file{"app/api", "binary", buildTime},
				file{"app/README", "copied from the context, older than the commit", baseTime}),
			History:   v1.History{CreatedBy: "COPY --from=build /out/api /app/api # buildkit", Created: v1.Time{Time: buildTime}},
			MediaType: types.OCILayer,
		},
		mutate.Addendum{
			Layer:     tarLayer(t, file{"app/uploads", "", buildTime.Add(time.Second)}),
			History:   v1.History{CreatedBy: "COPY --from=build /out/uploads /app/uploads # buildkit", Created: v1.Time{Time: buildTime.Add(time.Second)}},
			MediaType: types.OCILayer,
		})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	cfg = cfg.DeepCopy()
	cfg.Created = v1.Time{Time: buildTime.Add(time.Second)}
	cfg.OS, cfg.Architecture = "linux", "amd64"
	cfg.Config.Labels = map[string]string{
		"org.opencontainers.image.created":  commitTime.Format(time.RFC3339),
		"org.opencontainers.image.revision": "e7b5cf2",
		"org.opencontainers.image.title":    "training-club-backend",
	}
	cfg.Config.Entrypoint = []string{"/app/api"}
	cfg.Config.Healthcheck = &v1.HealthConfig{Test: []string{"CMD-SHELL", "curl -fsS http://127.0.0.1/health && exit 0 || exit 1"}}
	img, err = mutate.ConfigFile(img, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func normalize(t *testing.T, img, base v1.Image) (v1.Image, []LayerChange) {
	t.Helper()
	out, changes, err := Normalize(img, base, commitTime)
	if err != nil {
		t.Fatal(err)
	}
	return out, changes
}

func digestOf(t *testing.T, d interface{ Digest() (v1.Hash, error) }) v1.Hash {
	t.Helper()
	h, err := d.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func diffIDOf(t *testing.T, l v1.Layer) v1.Hash {
	t.Helper()
	h, err := l.DiffID()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func rawField(t *testing.T, img v1.Image, field string) string {
	t.Helper()
	raw, err := img.RawConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return string(m[field])
}

func layerTimes(t *testing.T, l v1.Layer) map[string]time.Time {
	t.Helper()
	rc, err := l.Uncompressed()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	times := map[string]time.Time{}
	if err := forEachEntry(rc, func(hdr *tar.Header, _ io.Reader) error {
		times[hdr.Name] = hdr.ModTime
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return times
}
