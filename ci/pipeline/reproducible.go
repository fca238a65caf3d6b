package pipeline

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ReproimageSource is the repository folder of the tool publish pushes the
// images with (its own Go module; `make reproimage-test` tests it).
const ReproimageSource = "tools/reproimage"

// FinalBaseKnob is the build arg naming the base image of each Dockerfile's
// final stage: reproimage keeps that image's layers as they are.
var FinalBaseKnob = map[string]string{
	"backend":  "RUNTIME_IMAGE",
	"frontend": "NGINX_IMAGE",
	"proxy":    "NGINX_IMAGE",
}

// ReproimageInput is one image publish pushes with tools/reproimage.
type ReproimageInput struct {
	// Registry is how the tool's container reaches the registry.
	Registry ToolRegistry
	// Repository is the image repository as publish names it, e.g.
	// ghcr.io/acme/training-club-backend.
	Repository string
	Tags       []string
	// Created is the commit time: the file times of the image's own layers,
	// the config's created and the history times become it.
	Created time.Time
	// Archives are the platform variants' OCI archives, in platform order,
	// and Bases the archives of their final stage's base image, in the same
	// order.
	Archives, Bases []string
}

// ReproimageArgs is the command that rewrites the variants as built at
// Created and pushes them under every tag (plain HTTP for a loopback
// registry). The credentials are not arguments: the tool reads
// REGISTRY_USERNAME and REGISTRY_PASSWORD.
func ReproimageArgs(in ReproimageInput) []string {
	args := []string{"reproimage", "-epoch", strconv.FormatInt(in.Created.Unix(), 10)}
	if in.Registry.PlainHTTP {
		args = append(args, "-insecure")
	}
	for _, tag := range in.Tags {
		args = append(args, "-tag", in.Registry.Repository(in.Repository)+":"+tag)
	}
	for _, base := range in.Bases {
		args = append(args, "-base", base)
	}
	return append(args, in.Archives...)
}

// Repository is an image repository as the tools name it: its registry host
// replaced by Host (the loopback alias for a loopback registry).
func (r ToolRegistry) Repository(repository string) string {
	_, path, _ := strings.Cut(repository, "/")
	return r.Host + "/" + path
}

// ParsePushedDigest reads the digest tools/reproimage prints as its last
// line.
func ParsePushedDigest(out string) (string, error) {
	lines := strings.Fields(out)
	if len(lines) == 0 {
		return "", fmt.Errorf("reproimage printed no digest")
	}
	d := lines[len(lines)-1]
	if !digestRe.MatchString(d) {
		return "", fmt.Errorf("reproimage printed %q, not a sha256 digest", d)
	}
	return d, nil
}
