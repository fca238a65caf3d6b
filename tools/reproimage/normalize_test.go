package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// file is one tar entry of a test layer.

// baseImage is a stand-in for a runtime base image: random layers (files

// without times), one with files older than the commit and one built after

// it (as the stand-in images here are).

// build is what the engine exports for the same Dockerfile run at buildTime:

// the same files, stamped with that time.

// The second build's layers come from an engine cache filled before the

// commit (the cache ignores file times): they get the commit time too.

func TestNormalizeGivesTheSameDigestForBuildsAtDifferentTimes(t *testing.T) {
	base := baseImage(t)
	first := build(t, base, commitTime.Add(10*time.Minute))
	second := build(t, base, commitTime.Add(-26*time.Hour+123*time.Millisecond))
	if digestOf(t, first) == digestOf(t, second) {
		t.Fatal("test setup: the two builds already have one digest")
	}
	a, _ := normalize(t, first, base)
	b, _ := normalize(t, second, base)
	if da, db := digestOf(t, a), digestOf(t, b); da != db {
		t.Errorf("digests differ after Normalize: %s and %s", da, db)
	}
	again, _ := normalize(t, a, base)
	if digestOf(t, again) != digestOf(t, a) {
		t.Error("Normalize of a normalized image changed it")
	}
}

func TestNormalizeStampsTheImagesOwnLayersOnly(t *testing.T) {
	base := baseImage(t)
	img, changes := normalize(t, build(t, base, commitTime.Add(time.Hour)), base)
	if len(changes) != 2 {
		t.Fatalf("changed %d layers, want the 2 build layers: %+v", len(changes), changes)
	}
	if changes[0].Stamped != 3 || changes[1].Stamped != 1 {
		t.Errorf("stamped entries per layer = %d, %d; want 3, 1", changes[0].Stamped, changes[1].Stamped)
	}
	layers, err := img.Layers()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]time.Time{}
	for _, l := range layers {
		for name, mtime := range layerTimes(t, l) {
			got[name] = mtime
		}
	}
	want := map[string]time.Time{
		"etc/":           baseTime,
		"etc/os-release": baseTime,
		"etc/ca.pem":     commitTime.Add(48 * time.Hour),
		"app/":           commitTime,
		"app/api":        commitTime,
		"app/README":     commitTime,
		"app/uploads/":   commitTime,
	}
	for name, w := range want {
		if !got[name].Equal(w) {
			t.Errorf("%s: mtime %s, want %s", name, got[name], w)
		}
	}
}

func TestNormalizeKeepsBaseLayersByteForByte(t *testing.T) {
	base := baseImage(t)
	img, _ := normalize(t, build(t, base, commitTime.Add(time.Hour)), base)
	baseLayers, err := base.Layers()
	if err != nil {
		t.Fatal(err)
	}
	layers, err := img.Layers()
	if err != nil {
		t.Fatal(err)
	}
	if len(layers) != len(baseLayers)+2 {
		t.Fatalf("%d layers, want %d", len(layers), len(baseLayers)+2)
	}
	for i, bl := range baseLayers {
		if got, want := digestOf(t, layers[i]), digestOf(t, bl); got != want {
			t.Errorf("base layer %d: digest %s, want the base image's %s", i+1, got, want)
		}
	}
	// The manifest and config agree about the rewritten layers.
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range layers {
		diffID, err := l.DiffID()
		if err != nil {
			t.Fatal(err)
		}
		if cfg.RootFS.DiffIDs[i] != diffID {
			t.Errorf("layer %d: config diff ID %s, layer's %s", i+1, cfg.RootFS.DiffIDs[i], diffID)
		}
	}
}

func TestNormalizeSetsCreatedAndKeepsLabelsAndOtherFields(t *testing.T) {
	base := baseImage(t)
	orig := build(t, base, commitTime.Add(time.Hour))
	img, _ := normalize(t, orig, base)
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.Created.Time.Equal(commitTime) {
		t.Errorf("config created %s, want %s", cfg.Created.Time, commitTime)
	}
	if len(cfg.History) != 6 {
		t.Fatalf("%d history entries, want 6", len(cfg.History))
	}
	for i, h := range cfg.History {
		if !h.Created.Time.Equal(commitTime) {
			t.Errorf("history %d (%s): created %s, want %s", i+1, h.CreatedBy, h.Created.Time, commitTime)
		}
	}
	origCfg, err := orig.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range origCfg.Config.Labels {
		if cfg.Config.Labels[k] != v {
			t.Errorf("label %s = %q, want %q", k, cfg.Config.Labels[k], v)
		}
	}
	if len(cfg.Config.Labels) != len(origCfg.Config.Labels) {
		t.Errorf("labels %v, want %v", cfg.Config.Labels, origCfg.Config.Labels)
	}
	if cfg.Config.Entrypoint[0] != "/app/api" || cfg.Architecture != "amd64" {
		t.Errorf("entrypoint %v, architecture %s: not kept", cfg.Config.Entrypoint, cfg.Architecture)
	}
	if got, want := rawField(t, img, "config"), rawField(t, orig, "config"); got != want {
		t.Errorf("runtime config changed:\n%s\nwant\n%s", got, want)
	}
	if mt, _ := img.MediaType(); mt != types.OCIManifestSchema1 {
		t.Errorf("manifest media type %s", mt)
	}
}

func TestPatchConfigKeepsFieldsItDoesNotKnow(t *testing.T) {
	raw := []byte(`{"architecture":"amd64","os":"linux","created":"2026-12-02T05:00:00.123Z",` +
		`"config":{"Labels":{"a":"b"}},"moby.buildkit.buildinfo.v1":"e30=",` +
		`"history":[{"created_by":"x","empty_layer":true,"comment":"buildkit.dockerfile.v0"}],"rootfs":{"type":"layers","diff_ids":[]}}`)
	out, err := patchConfig(raw, commitTime, nil)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	if m["moby.buildkit.buildinfo.v1"] != "e30=" || m["created"] != "2026-12-02T03:33:43Z" {
		t.Errorf("patched config: %s", out)
	}
	h := m["history"].([]any)[0].(map[string]any)
	if h["empty_layer"] != true || h["comment"] != "buildkit.dockerfile.v0" || h["created"] != "2026-12-02T03:33:43Z" {
		t.Errorf("history entry: %v", h)
	}
}

// Some base images (and the engine's stand-ins) have uncompressed layers:

// kept as they are when old enough, rewritten uncompressed otherwise.

func TestNormalizeHandlesUncompressedLayers(t *testing.T) {
	old := static.NewLayer(tarBytes(t, file{"etc/base", "x", baseTime}), types.OCIUncompressedLayer)
	base, err := mutate.Append(mutate.MediaType(empty.Image, types.OCIManifestSchema1),
		mutate.Addendum{Layer: old, MediaType: types.OCIUncompressedLayer})
	if err != nil {
		t.Fatal(err)
	}
	img, err := mutate.Append(base,
		mutate.Addendum{Layer: static.NewLayer(tarBytes(t, file{"app", "y", commitTime.Add(time.Hour)}), types.OCIUncompressedLayer),
			MediaType: types.OCIUncompressedLayer})
	if err != nil {
		t.Fatal(err)
	}
	out, changes := normalize(t, img, base)
	if len(changes) != 1 {
		t.Fatalf("changes %+v, want the second layer only", changes)
	}
	m, err := out.Manifest()
	if err != nil {
		t.Fatal(err)
	}
	if m.Layers[0].Digest != digestOf(t, old) || m.Layers[1].MediaType != types.OCIUncompressedLayer {
		t.Errorf("layers %+v", m.Layers)
	}
	layers, err := out.Layers()
	if err != nil {
		t.Fatal(err)
	}
	if got := layerTimes(t, layers[1])["app"]; !got.Equal(commitTime) {
		t.Errorf("app mtime %s", got)
	}
	if d, id := digestOf(t, layers[1]), diffIDOf(t, layers[1]); d != id {
		t.Errorf("uncompressed layer: digest %s, diff ID %s", d, id)
	}
}

func TestNormalizeRefusesLayersItCannotRewrite(t *testing.T) {
	zstd := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
	zstd, err := mutate.Append(zstd, mutate.Addendum{Layer: tarLayer(t, file{"a", "x", commitTime.Add(time.Hour)}), MediaType: types.OCILayerZStd})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Normalize(zstd, empty.Image, commitTime); err == nil {
		t.Error("a zstd layer was accepted")
	}
}

func TestNormalizeRefusesAnImageThatDoesNotStartWithItsBase(t *testing.T) {
	img := build(t, baseImage(t), commitTime)
	if _, _, err := Normalize(img, baseImage(t), commitTime); err == nil || !strings.Contains(err.Error(), "base") {
		t.Errorf("another base image (random layers differ) was accepted: %v", err)
	}
	bigger, err := mutate.AppendLayers(img, tarLayer(t, file{"x", "y", commitTime}))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Normalize(img, bigger, commitTime); err == nil {
		t.Error("a base with more layers than the image was accepted")
	}
}

// rawField is one top-level field of an image's config as it is encoded.
