package main

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/partial"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// LayerChange says what Normalize did to one layer, for the log.
type LayerChange struct {
	Old, New v1.Hash
	// Stamped counts the tar entries whose times it set to the epoch.
	Stamped int
}

// Normalize returns img as if it had been built at epoch, the same way for
// every build of the same files: every file time in the layers img adds to
// base (its final stage's base image) is epoch, the config's created and
// every history time are epoch. The base image's layers are kept byte for
// byte, so their blobs stay shared with it. Times the engine wrote are the
// build time or, for a layer it took from its cache, the time of an earlier
// build, possibly of an earlier commit (its cache ignores file times): so
// they are all set, not only clamped as SOURCE_DATE_EPOCH does. Labels and
// every other config field are kept as they are (the config is patched as
// JSON, not re-encoded from a struct that might drop fields).
func Normalize(img, base v1.Image, epoch time.Time) (v1.Image, []LayerChange, error) {
	epoch = epoch.UTC().Truncate(time.Second)
	manifest, err := img.Manifest()
	if err != nil {
		return nil, nil, fmt.Errorf("read manifest: %w", err)
	}
	layers, err := img.Layers()
	if err != nil {
		return nil, nil, fmt.Errorf("read layers: %w", err)
	}
	if len(manifest.Layers) != len(layers) {
		return nil, nil, fmt.Errorf("the manifest lists %d layers, the image has %d", len(manifest.Layers), len(layers))
	}
	baseLayers, err := baseLayerCount(img, base)
	if err != nil {
		return nil, nil, err
	}
	out := &normalized{mediaType: manifest.MediaType, layers: map[v1.Hash]v1.Layer{}}
	if out.mediaType == "" {
		if out.mediaType, err = img.MediaType(); err != nil {
			return nil, nil, err
		}
	}
	var changes []LayerChange
	var diffIDs []v1.Hash
	var descs []v1.Descriptor
	for i, layer := range layers {
		stamped, count := layer, 0
		if i >= baseLayers {
			if stamped, count, err = stampLayer(layer, manifest.Layers[i].MediaType, epoch); err != nil {
				return nil, nil, fmt.Errorf("layer %d: %w", i+1, err)
			}
		}
		desc, err := partial.Descriptor(stamped)
		if err != nil {
			return nil, nil, fmt.Errorf("layer %d: %w", i+1, err)
		}
		// Keep the original descriptor's annotations and media type.
		desc.Annotations = manifest.Layers[i].Annotations
		desc.MediaType = manifest.Layers[i].MediaType
		diffID, err := stamped.DiffID()
		if err != nil {
			return nil, nil, fmt.Errorf("layer %d: %w", i+1, err)
		}
		if count > 0 {
			old, err := layer.Digest()
			if err != nil {
				return nil, nil, err
			}
			changes = append(changes, LayerChange{Old: old, New: desc.Digest, Stamped: count})
		}
		out.layers[desc.Digest] = stamped
		diffIDs = append(diffIDs, diffID)
		descs = append(descs, *desc)
	}

	rawConfig, err := img.RawConfigFile()
	if err != nil {
		return nil, nil, fmt.Errorf("read config: %w", err)
	}
	if out.config, err = patchConfig(rawConfig, epoch, diffIDs); err != nil {
		return nil, nil, err
	}
	configDesc := manifest.Config
	configDesc.Digest, configDesc.Size, err = v1.SHA256(bytes.NewReader(out.config))
	if err != nil {
		return nil, nil, err
	}
	out.manifest, err = marshal(v1.Manifest{
		SchemaVersion: 2,
		MediaType:     manifest.MediaType,
		Config:        configDesc,
		Layers:        descs,
		Annotations:   manifest.Annotations,
		Subject:       manifest.Subject,
	})
	if err != nil {
		return nil, nil, err
	}
	normalizedImg, err := partial.CompressedToImage(out)
	return normalizedImg, changes, err
}

// baseLayerCount checks that img starts with base's layers and says how many
// there are.
func baseLayerCount(img, base v1.Image) (int, error) {
	imgConfig, err := img.ConfigFile()
	if err != nil {
		return 0, fmt.Errorf("read config: %w", err)
	}
	baseConfig, err := base.ConfigFile()
	if err != nil {
		return 0, fmt.Errorf("read the base image's config: %w", err)
	}
	have, want := imgConfig.RootFS.DiffIDs, baseConfig.RootFS.DiffIDs
	if len(have) < len(want) {
		return 0, fmt.Errorf("the image has %d layers, its base %d", len(have), len(want))
	}
	for i, d := range want {
		if have[i] != d {
			return 0, fmt.Errorf("layer %d is %s, the base image's is %s: is that the image's base?", i+1, have[i], d)
		}
	}
	return len(want), nil
}

// stampLayer returns layer (of the manifest's mediaType) with every entry's
// times set to epoch, and how many entries it changed; with none changed it
// returns layer itself.
func stampLayer(layer v1.Layer, mediaType types.MediaType, epoch time.Time) (v1.Layer, int, error) {
	var gzipped bool
	switch mediaType {
	case types.OCILayer, types.DockerLayer:
		gzipped = true
	case types.OCIUncompressedLayer, types.DockerUncompressedLayer:
	default:
		// What the engine exports: gzip layers, and base layers as the base
		// image has them (some registries hold uncompressed ones).
		return nil, 0, fmt.Errorf("layer media type %s is not supported (want a gzip or uncompressed tar layer)", mediaType)
	}
	rc, err := layer.Uncompressed()
	if err != nil {
		return nil, 0, err
	}
	defer rc.Close()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	count := 0
	err = forEachEntry(rc, func(hdr *tar.Header, content io.Reader) error {
		if stampHeader(hdr, epoch) {
			count++
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return fmt.Errorf("write tar header %s: %w", hdr.Name, err)
		}
		if _, err := io.Copy(tw, content); err != nil {
			return fmt.Errorf("copy %s: %w", hdr.Name, err)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	if count == 0 {
		return layer, 0, nil
	}
	if err := tw.Close(); err != nil {
		return nil, 0, err
	}
	data := buf.Bytes()
	if !gzipped {
		return static.NewLayer(data, mediaType), count, nil
	}
	stamped, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}, tarball.WithMediaType(mediaType))
	return stamped, count, err
}

// stampHeader sets the header's times to epoch (atime and ctime only where
// the tar has them) and says whether that changed one.
func stampHeader(hdr *tar.Header, epoch time.Time) bool {
	changed := false
	for _, t := range []*time.Time{&hdr.ModTime, &hdr.AccessTime, &hdr.ChangeTime} {
		if (t == &hdr.ModTime || !t.IsZero()) && !t.Equal(epoch) {
			*t = epoch
			changed = true
		}
	}
	return changed
}

// patchConfig sets created, every history time and the layers' diff IDs in a
// raw image config, leaving every other field as it is.
func patchConfig(raw []byte, epoch time.Time, diffIDs []v1.Hash) ([]byte, error) {
	var config map[string]json.RawMessage
	if err := json.Unmarshal(raw, &config); err != nil {
		return nil, fmt.Errorf("parse config: %w", err)
	}
	var err error
	if config["created"], err = marshal(epoch); err != nil {
		return nil, err
	}
	var history []map[string]json.RawMessage
	if h, ok := config["history"]; ok {
		if err := json.Unmarshal(h, &history); err != nil {
			return nil, fmt.Errorf("parse config history: %w", err)
		}
		// The engine's history times are those of its layer snapshots (the
		// base image's too: when it pulled them), so none is kept.
		for _, entry := range history {
			if entry["created"], err = marshal(epoch); err != nil {
				return nil, err
			}
		}
		if config["history"], err = marshal(history); err != nil {
			return nil, err
		}
	}
	if config["rootfs"], err = marshal(v1.RootFS{Type: "layers", DiffIDs: diffIDs}); err != nil {
		return nil, err
	}
	return marshal(config)
}

// marshal encodes v as compact JSON without HTML escaping (labels and
// commands keep their characters); map keys come out sorted, so the same
// config always gives the same bytes.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// normalized is the rewritten image: its manifest and config as bytes and its
// layers by digest (partial.CompressedToImage does the rest).
type normalized struct {
	mediaType        types.MediaType
	manifest, config []byte
	layers           map[v1.Hash]v1.Layer
}

func (n *normalized) MediaType() (types.MediaType, error) { return n.mediaType, nil }
func (n *normalized) RawManifest() ([]byte, error)        { return n.manifest, nil }
func (n *normalized) RawConfigFile() ([]byte, error)      { return n.config, nil }

func (n *normalized) LayerByDigest(h v1.Hash) (partial.CompressedLayer, error) {
	if l, ok := n.layers[h]; ok {
		return l, nil
	}
	return nil, fmt.Errorf("no layer %s", h)
}
