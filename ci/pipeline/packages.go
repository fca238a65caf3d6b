package pipeline

import (
	"fmt"
	"strings"
)

// OSPackage is a package a container needs, with the shell test that says the
// image already has what it provides (e.g. "command -v ssh").
type OSPackage struct{ Name, Present string }

// InstallMissing renders a POSIX sh script that installs the packages whose
// test fails, with whichever package manager the image brings: apk on alpine,
// apt on Debian-based images (the stand-in images are Debian without apk).
// Nothing is installed, and no package index fetched, when all are present.
func InstallMissing(pkgs []OSPackage) string {
	var b strings.Builder
	b.WriteString("set -e\nmissing=''\n")
	for _, p := range pkgs {
		fmt.Fprintf(&b, "if ! { %s; } >/dev/null 2>&1; then missing=\"$missing %s\"; fi\n", p.Present, p.Name)
	}
	b.WriteString(`[ -n "$missing" ] || exit 0
if command -v apk >/dev/null 2>&1; then apk add --no-cache $missing
else apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing; fi
`)
	return b.String()
}
