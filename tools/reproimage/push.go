package main

import (
	"context"
	"fmt"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// Taggable is what Push pushes: an image, or an index of its platform variants.
type Taggable interface {
	remote.Taggable
	Digest() (v1.Hash, error)
}

// Combine returns the one image of a single-platform publish as it is (the
// engine, too, pushes a plain manifest then), or an OCI index of the images,
// each listed with the platform of its config, in the order given.
func Combine(images []v1.Image) (Taggable, error) {
	if len(images) == 1 {
		return images[0], nil
	}
	adds := make([]mutate.IndexAddendum, len(images))
	for i, img := range images {
		cfg, err := img.ConfigFile()
		if err != nil {
			return nil, err
		}
		adds[i] = mutate.IndexAddendum{Add: img, Descriptor: v1.Descriptor{Platform: cfg.Platform()}}
	}
	return mutate.AppendManifests(mutate.IndexMediaType(empty.Index, types.OCIImageIndex), adds...), nil
}

// Push writes t under the first tag and points the others at the same
// digest; it returns that digest.
func Push(ctx context.Context, t Taggable, tags []name.Tag, auth authn.Authenticator) (v1.Hash, error) {
	if len(tags) == 0 {
		return v1.Hash{}, fmt.Errorf("no tag to push to")
	}
	opts := []remote.Option{remote.WithContext(ctx), remote.WithAuth(auth)}
	var err error
	switch v := t.(type) {
	case v1.ImageIndex:
		err = remote.WriteIndex(tags[0], v, opts...)
	case v1.Image:
		err = remote.Write(tags[0], v, opts...)
	default:
		err = fmt.Errorf("cannot push a %T", t)
	}
	if err != nil {
		return v1.Hash{}, fmt.Errorf("push %s: %w", tags[0], err)
	}
	for _, tag := range tags[1:] {
		if err := remote.Tag(tag, t, opts...); err != nil {
			return v1.Hash{}, fmt.Errorf("tag %s: %w", tag, err)
		}
	}
	return t.Digest()
}
