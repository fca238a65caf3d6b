package main

import (
	"archive/tar"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// archive writes img as the engine's Container.asTarball does: an OCI image
// layout (index.json, oci-layout, blobs/) in a tar.
func archive(t *testing.T, img v1.Image) string {
	t.Helper()
	dir := t.TempDir()
	p, err := layout.Write(filepath.Join(dir, "layout"), mutate.IndexMediaType(empty.Index, types.OCIImageIndex))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.AppendImage(img); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	root := string(p)
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == root {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		info, err := d.Info()
		if err != nil {
			return err
		}
		hdr, err := tar.FileInfoHeader(info, "")
		if err != nil {
			return err
		}
		hdr.Name = filepath.ToSlash(rel)
		if err := tw.WriteHeader(hdr); err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		_, err = tw.Write(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "image.tar")
	if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

func withPlatform(t *testing.T, img v1.Image, arch string) v1.Image {
	t.Helper()
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	cfg = cfg.DeepCopy()
	cfg.Architecture = arch
	img, err = mutate.ConfigFile(img, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// publish runs the command against reg for the archives, all on the base
// image in archive base, and returns the printed digest.
func publish(t *testing.T, reg string, tags []string, base string, archives ...string) string {
	t.Helper()
	args := []string{"-epoch", fmt.Sprint(commitTime.Unix()), "-insecure"}
	for _, tag := range tags {
		args = append(args, "-tag", reg+"/tc/training-club-backend:"+tag)
	}
	for range archives {
		args = append(args, "-base", base)
	}
	var stdout, stderr bytes.Buffer
	env := map[string]string{"REGISTRY_USERNAME": "ci", "REGISTRY_PASSWORD": "secret"}
	if err := run(context.Background(), append(args, archives...), func(k string) string { return env[k] }, &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	if strings.Contains(stderr.String(), "secret") {
		t.Errorf("the password reached the log: %s", stderr.String())
	}
	return strings.TrimSpace(stdout.String())
}

func testRegistry(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	t.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

func TestRunPushesTheSameIndexForTwoBuildsOfOneCommit(t *testing.T) {
	reg := testRegistry(t)
	base := baseImage(t)
	baseArchive := archive(t, base)
	tags := []string{"e7b5cf2", "1.2.5", "latest"}
	var digests []string
	for _, buildTime := range []time.Time{commitTime.Add(5 * time.Minute), commitTime.Add(3 * time.Hour)} {
		amd64 := archive(t, build(t, base, buildTime))
		arm64 := archive(t, withPlatform(t, build(t, base, buildTime), "arm64"))
		digests = append(digests, publish(t, reg, tags, baseArchive, amd64, arm64))
	}
	if digests[0] != digests[1] {
		t.Fatalf("two builds pushed %s and %s", digests[0], digests[1])
	}
	for _, tag := range tags {
		ref, err := name.NewTag(reg + "/tc/training-club-backend:" + tag)
		if err != nil {
			t.Fatal(err)
		}
		desc, err := remote.Get(ref)
		if err != nil {
			t.Fatal(err)
		}
		if desc.Digest.String() != digests[0] || desc.MediaType != types.OCIImageIndex {
			t.Errorf("%s: %s %s, want the index %s", tag, desc.MediaType, desc.Digest, digests[0])
		}
		if tag != "latest" {
			continue
		}
		idx, err := desc.ImageIndex()
		if err != nil {
			t.Fatal(err)
		}
		m, err := idx.IndexManifest()
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Manifests) != 2 || m.Manifests[0].Platform.Architecture != "amd64" || m.Manifests[1].Platform.Architecture != "arm64" {
			t.Errorf("index manifests: %+v", m.Manifests)
		}
		img, err := idx.Image(m.Manifests[1].Digest)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := img.ConfigFile()
		if err != nil {
			t.Fatal(err)
		}
		if !cfg.Created.Time.Equal(commitTime) || cfg.Config.Labels["org.opencontainers.image.title"] != "training-club-backend" {
			t.Errorf("pushed config: created %s, labels %v", cfg.Created.Time, cfg.Config.Labels)
		}
	}
}

func TestRunPushesOnePlatformAsAPlainManifest(t *testing.T) {
	reg := testRegistry(t)
	base := baseImage(t)
	img := build(t, base, commitTime.Add(time.Minute))
	got := publish(t, reg, []string{"e7b5cf2"}, archive(t, base), archive(t, img))
	want, _ := normalize(t, img, base)
	if got != digestOf(t, want).String() {
		t.Errorf("pushed %s, want the normalized image's digest %s", got, digestOf(t, want))
	}
	ref, _ := name.NewTag(reg + "/tc/training-club-backend:e7b5cf2")
	desc, err := remote.Get(ref)
	if err != nil {
		t.Fatal(err)
	}
	if desc.MediaType != types.OCIManifestSchema1 {
		t.Errorf("media type %s, want an image manifest", desc.MediaType)
	}
}

func TestRunRejectsBadArguments(t *testing.T) {
	base := baseImage(t)
	img, b := archive(t, build(t, base, commitTime)), archive(t, base)
	for name, args := range map[string][]string{
		"no epoch":         {"-tag", "r.example/a:b", "-base", b, img},
		"no tag":           {"-epoch", "1", "-base", b, img},
		"no archive":       {"-epoch", "1", "-tag", "r.example/a:b"},
		"no base":          {"-epoch", "1", "-tag", "r.example/a:b", img},
		"a base too many":  {"-epoch", "1", "-tag", "r.example/a:b", "-base", b, "-base", b, img},
		"two repositories": {"-epoch", "1", "-tag", "r.example/a:b", "-tag", "r.example/c:d", "-base", b, img},
		"bad tag":          {"-epoch", "1", "-tag", "r.example/a:b c", "-base", b, img},
	} {
		t.Run(name, func(t *testing.T) {
			if err := run(context.Background(), args, func(string) string { return "" }, io.Discard, io.Discard); err == nil {
				t.Error("accepted")
			}
		})
	}
}

func TestLoadArchiveWantsOneImage(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.tar")
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	_ = tw.WriteHeader(&tar.Header{Name: "../escape", Typeflag: tar.TypeReg, Mode: 0o644})
	_ = tw.Close()
	if err := os.WriteFile(bad, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadArchive(bad, filepath.Join(dir, "out")); err == nil || !strings.Contains(err.Error(), "outside") {
		t.Errorf("an entry outside the layout: %v", err)
	}
}
