// Command dockerfile-check checks the project's Dockerfiles (backend,
// frontend, proxy) with ci/pipeline/dockerfile, and checks that compose.yaml
// builds the same Dockerfiles with the same base-image defaults as the Dagger
// module, so every image has exactly one definition.
//
// Usage: dockerfile-check REPO_ROOT   (scripts/dockerfile-check.sh runs it)
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"

	"dagger/training-club/pipeline/dockerfile"
)

// Official base-image defaults (docs/architecture.md); the Dagger module's
// constructor has the same ones.
var knobs = map[string]string{
	"GO_IMAGE":      "golang:1.26",
	"RUNTIME_IMAGE": "gcr.io/distroless/static-debian12:nonroot",
	"NODE_IMAGE":    "node:20-alpine",
	"NGINX_IMAGE":   "nginx:alpine",
	"MYSQL_IMAGE":   "mysql:8.0",
	"REDIS_IMAGE":   "redis:7",
}

// images maps each image to its Dockerfile rules.
var images = map[string]dockerfile.Rules{
	"backend":  {Knobs: knobs},
	"frontend": {Knobs: knobs},
	"proxy": {Knobs: knobs, AllowRoot: "the nginx master binds 80/443 and reads certbot's root-only keys; " +
		"workers run unprivileged"},
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: dockerfile-check REPO_ROOT")
		os.Exit(2)
	}
	if n := run(os.Args[1], os.Stdout); n > 0 {
		fmt.Fprintf(os.Stderr, "dockerfile-check: %d finding(s)\n", n)
		os.Exit(1)
	}
}

// run checks everything under root and returns the number of findings.
func run(root string, w io.Writer) int {
	findings := 0
	names := make([]string, 0, len(images))
	for n := range images {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(name, "Dockerfile")
		src, err := os.ReadFile(filepath.Join(root, path))
		if err != nil {
			fmt.Fprintf(w, "%s: %v\n", path, err)
			findings++
			continue
		}
		rules := images[name]
		fs := dockerfile.Check(string(src), rules)
		for _, f := range fs {
			fmt.Fprintf(w, "%s:%s\n", path, f)
		}
		findings += len(fs)
		if rules.AllowRoot != "" {
			fmt.Fprintf(w, "%s: runs as root by design: %s\n", path, rules.AllowRoot)
		}
		if len(fs) == 0 {
			fmt.Fprintf(w, "%s: ok\n", path)
		}
	}
	compose, err := os.ReadFile(filepath.Join(root, "compose.yaml"))
	if err != nil {
		fmt.Fprintf(w, "compose.yaml: %v\n", err)
		return findings + 1
	}
	fs := checkCompose(string(compose))
	for _, f := range fs {
		fmt.Fprintf(w, "compose.yaml: %s\n", f)
	}
	if len(fs) == 0 {
		fmt.Fprintln(w, "compose.yaml: builds the same Dockerfiles with the same base-image defaults: ok")
	}
	return findings + len(fs)
}

// checkCompose verifies that compose.yaml builds each image from its
// directory (the Dockerfile the module builds) and that every knob it uses
// defaults to the official image.
func checkCompose(src string) []string {
	var out []string
	for _, name := range []string{"backend", "frontend", "proxy"} {
		re := regexp.MustCompile(`(?m)^\s+context:\s+\./` + name + `\s*$`)
		if !re.MatchString(src) {
			out = append(out, fmt.Sprintf("no build context ./%s: compose must build %s/Dockerfile, the one the Dagger module builds", name, name))
		}
	}
	knobRe := regexp.MustCompile(`\$\{([A-Z_]+_IMAGE):-([^}]*)\}`)
	for _, m := range knobRe.FindAllStringSubmatch(src, -1) {
		want, ok := knobs[m[1]]
		if !ok {
			continue // BACKEND_IMAGE etc.: the image to run, not a base image
		}
		if m[2] != want {
			out = append(out, fmt.Sprintf("${%s:-%s}: the default must be %s", m[1], m[2], want))
		}
	}
	return out
}
