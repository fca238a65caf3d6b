// Command reproimage makes the images of one commit reproducible and pushes
// them: it reads each platform variant from an OCI archive (the engine's
// export) and its final stage's base image from another (one -base per
// variant, in the same order), rewrites the variant as if built at -epoch
// (see Normalize), combines the variants into an index (one variant: a plain
// manifest) and pushes it under every -tag. It prints the pushed digest on
// stdout and what it rewrote on stderr. Credentials come from
// REGISTRY_USERNAME and REGISTRY_PASSWORD.
//
//	reproimage -epoch 1764646423 -tag ghcr.io/acme/app:1.2.3 -tag ghcr.io/acme/app:1.2 \
//	  -base base-amd64.tar -base base-arm64.tar amd64.tar arm64.tar
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "reproimage:", err)
		os.Exit(1)
	}
}

// repeated is a flag that may be given more than once.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(s string) error { *r = append(*r, s); return nil }

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("reproimage", flag.ContinueOnError)
	fs.SetOutput(stderr)
	epoch := fs.Int64("epoch", -1, "SOURCE_DATE_EPOCH: the commit time as a Unix timestamp")
	insecure := fs.Bool("insecure", false, "talk plain HTTP to the registry (a loopback registry)")
	var tags, bases repeated
	fs.Var(&tags, "tag", "repository:tag to push to (repeat; one repository)")
	fs.Var(&bases, "base", "OCI archive of a variant's base image (repeat: one per variant, in order)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *epoch < 0 {
		return errors.New("-epoch is required (a Unix timestamp)")
	}
	if len(tags) == 0 || fs.NArg() == 0 || len(bases) != fs.NArg() {
		return errors.New("usage: reproimage -epoch N -tag repo:tag [-tag ...] -base base.tar [-base ...] variant.tar [variant.tar ...] (one -base per variant)")
	}
	var opts []name.Option
	if *insecure {
		opts = append(opts, name.Insecure)
	}
	refs := make([]name.Tag, len(tags))
	for i, t := range tags {
		ref, err := name.NewTag(t, append(opts, name.StrictValidation)...)
		if err != nil {
			return fmt.Errorf("tag %q: %w", t, err)
		}
		if i > 0 && ref.Context() != refs[0].Context() {
			return fmt.Errorf("tag %s is not in repository %s", t, refs[0].Context())
		}
		refs[i] = ref
	}

	at := time.Unix(*epoch, 0).UTC()
	work, err := os.MkdirTemp("", "reproimage-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	images := make([]v1.Image, fs.NArg())
	for i, archive := range fs.Args() {
		img, err := LoadArchive(archive, fmt.Sprintf("%s/%d", work, i))
		if err != nil {
			return err
		}
		base, err := LoadArchive(bases[i], fmt.Sprintf("%s/base-%d", work, i))
		if err != nil {
			return err
		}
		normalized, changes, err := Normalize(img, base, at)
		if err != nil {
			return fmt.Errorf("%s: %w", archive, err)
		}
		digest, err := normalized.Digest()
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "%s: %s (created %s)\n", archive, digest, at.Format(time.RFC3339))
		for _, c := range changes {
			fmt.Fprintf(stderr, "  layer %s -> %s: %d entries stamped\n", c.Old, c.New, c.Stamped)
		}
		images[i] = normalized
	}
	combined, err := Combine(images)
	if err != nil {
		return err
	}
	auth := authn.Anonymous
	if user := getenv("REGISTRY_USERNAME"); user != "" {
		auth = &authn.Basic{Username: user, Password: getenv("REGISTRY_PASSWORD")}
	}
	digest, err := Push(ctx, combined, refs, auth)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, digest)
	return nil
}
