// Package dockerfile checks the project's Dockerfiles against the rules the
// images depend on: base images only through overridable knobs with the
// official defaults, no secrets in build args or env, reproducible package
// installs, a health check, OCI labels, a non-root user where the image can
// run as one, and exec-form commands. It is a small, dependency-free parser
// for the subset of Dockerfile syntax the project uses (no heredocs).
package dockerfile

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Instruction is one logical Dockerfile instruction (continuations joined).
type Instruction struct {
	Line    int // first line, 1-based
	Keyword string
	Args    string
}

// Parse splits a Dockerfile into instructions. Parser directives are
// returned separately so the checker can reject them.
func Parse(src string) (instrs []Instruction, directives []Instruction) {
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	inHeader := true
	var cur strings.Builder
	start := 0
	for i, raw := range lines {
		line := strings.TrimSpace(raw)
		if inHeader {
			if m := directiveRe.FindStringSubmatch(line); m != nil {
				directives = append(directives, Instruction{Line: i + 1, Keyword: strings.ToLower(m[1]), Args: m[2]})
				continue
			}
			if line != "" {
				inHeader = false
			}
		}
		if cur.Len() == 0 && (line == "" || strings.HasPrefix(line, "#")) {
			continue
		}
		if cur.Len() > 0 && strings.HasPrefix(line, "#") {
			continue // comment inside a continued instruction
		}
		if cur.Len() == 0 {
			start = i + 1
		}
		if strings.HasSuffix(line, `\`) {
			cur.WriteString(strings.TrimSpace(strings.TrimSuffix(line, `\`)))
			cur.WriteString(" ")
			continue
		}
		cur.WriteString(line)
		kw, args, _ := strings.Cut(strings.TrimSpace(cur.String()), " ")
		instrs = append(instrs, Instruction{Line: start, Keyword: strings.ToUpper(kw), Args: strings.TrimSpace(args)})
		cur.Reset()
	}
	if cur.Len() > 0 {
		kw, args, _ := strings.Cut(strings.TrimSpace(cur.String()), " ")
		instrs = append(instrs, Instruction{Line: start, Keyword: strings.ToUpper(kw), Args: strings.TrimSpace(args)})
	}
	return instrs, directives
}

var directiveRe = regexp.MustCompile(`^#\s*(syntax|escape|check)\s*=\s*(.*)$`)

// Rules configures the check of one Dockerfile.
type Rules struct {
	// Knobs maps each base-image build arg to its required default,
	// e.g. GO_IMAGE → golang:1.26.
	Knobs map[string]string
	// AllowRoot exempts the final stage from the non-root USER rule; the
	// value says why (it is printed).
	AllowRoot string
}

// Finding is one rule violation.
type Finding struct {
	Line    int
	Rule    string
	Message string
}

func (f Finding) String() string { return fmt.Sprintf("line %d: [%s] %s", f.Line, f.Rule, f.Message) }

var (
	fromRe       = regexp.MustCompile(`(?i)^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$`)
	knobRefRe    = regexp.MustCompile(`^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$`)
	secretNameRe = regexp.MustCompile(`(?i)(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)`)
	pipeShellRe  = regexp.MustCompile(`\b(curl|wget)\b[^|;&]*\|\s*(sudo\s+)?(ba|z)?sh\b`)
	aptYesRe     = regexp.MustCompile(`apt-get install[^;&|]*\s(-y|--yes)\b|apt-get (-y|--yes) install`)
	requiredOCI  = []string{"title", "source", "revision", "version", "created"}
)

// Check applies the rules to a Dockerfile's source.
func Check(src string, rules Rules) []Finding {
	instrs, directives := Parse(src)
	var out []Finding
	add := func(line int, rule, format string, a ...any) {
		out = append(out, Finding{Line: line, Rule: rule, Message: fmt.Sprintf(format, a...)})
	}
	for _, d := range directives {
		add(d.Line, "no-directive", "parser directive %q: the project's Dockerfiles use the builder's default frontend (no # syntax= lines)", d.Keyword)
	}
	if len(instrs) == 0 {
		add(1, "empty", "no instructions")
		return out
	}

	globalArgs := map[string]string{} // ARGs before the first FROM → default
	stages := map[string]bool{}
	finalStart := -1
	seenFrom := false
	for i, in := range instrs {
		switch in.Keyword {
		case "ARG":
			if !seenFrom {
				name, def, hasDef := strings.Cut(in.Args, "=")
				if !hasDef {
					def = ""
				}
				globalArgs[strings.TrimSpace(name)] = strings.Trim(strings.TrimSpace(def), `"'`)
			}
		case "FROM":
			seenFrom = true
			finalStart = i
			m := fromRe.FindStringSubmatch(in.Args)
			if m == nil {
				add(in.Line, "from", "cannot parse FROM %q", in.Args)
				continue
			}
			image := m[1]
			if m[2] != "" {
				stages[strings.ToLower(m[2])] = true
			}
			switch {
			case stages[strings.ToLower(image)] && !strings.EqualFold(image, m[2]):
				// a previous stage
			case image == "scratch":
			default:
				km := knobRefRe.FindStringSubmatch(image)
				if km == nil {
					add(in.Line, "base-image-knob", "FROM %s: base images must come from a build arg knob (ARG X_IMAGE=<official> then FROM ${X_IMAGE})", image)
					continue
				}
				knob := km[1]
				def, declared := globalArgs[knob]
				want, known := rules.Knobs[knob]
				switch {
				case !declared:
					add(in.Line, "base-image-knob", "FROM ${%s}: %s is not declared with ARG before the first FROM", knob, knob)
				case !known:
					add(in.Line, "base-image-knob", "FROM ${%s}: unknown knob (known: %s)", knob, knownKnobs(rules.Knobs))
				case def != want:
					add(in.Line, "official-default", "ARG %s defaults to %q; the project default is %q (stand-ins only through the knob)", knob, def, want)
				}
			}
		}
	}
	for knob, def := range globalArgs {
		if _, known := rules.Knobs[knob]; known {
			if def == "" {
				add(1, "official-default", "ARG %s has no default; it must default to %q", knob, rules.Knobs[knob])
			}
			if strings.HasSuffix(def, ":latest") {
				add(1, "official-default", "ARG %s defaults to a :latest image", knob)
			}
		}
	}

	final := instrs[finalStart:]
	var hasHealth, hasUser bool
	labels := map[string]bool{}
	lastUser := ""
	for _, in := range instrs {
		switch in.Keyword {
		case "ARG", "ENV":
			for _, name := range declaredNames(in) {
				if secretNameRe.MatchString(name) {
					add(in.Line, "no-secrets", "%s %s: secrets must never be build args or image env (they end up in the image); pass them at run time", in.Keyword, name)
				}
			}
		case "ADD":
			if strings.Contains(in.Args, "http://") || strings.Contains(in.Args, "https://") {
				add(in.Line, "no-add-url", "ADD of a URL: download in a RUN with a checksum instead")
			} else {
				add(in.Line, "copy-not-add", "ADD %s: use COPY for local files (ADD also unpacks archives)", in.Args)
			}
		case "RUN":
			checkRun(in, add)
		case "CMD", "ENTRYPOINT":
			if !strings.HasPrefix(strings.TrimSpace(in.Args), "[") {
				add(in.Line, "exec-form", "%s in shell form: use the JSON exec form so signals reach the process", in.Keyword)
			}
		}
	}
	for _, in := range final {
		switch in.Keyword {
		case "HEALTHCHECK":
			hasHealth = true
			if !strings.Contains(in.Args, "CMD") && !strings.EqualFold(strings.TrimSpace(in.Args), "NONE") {
				add(in.Line, "healthcheck", "HEALTHCHECK without CMD")
			}
		case "USER":
			hasUser = true
			lastUser = strings.TrimSpace(in.Args)
		case "LABEL":
			for _, k := range labelKeys(in.Args) {
				labels[k] = true
			}
		}
	}
	finalLine := instrs[finalStart].Line
	if !hasHealth {
		add(finalLine, "healthcheck", "final stage has no HEALTHCHECK")
	}
	for _, k := range requiredOCI {
		if !labels["org.opencontainers.image."+k] {
			add(finalLine, "oci-labels", "final stage lacks LABEL org.opencontainers.image.%s", k)
		}
	}
	if rules.AllowRoot == "" {
		user, _, _ := strings.Cut(lastUser, ":")
		switch {
		case !hasUser:
			add(finalLine, "non-root", "final stage sets no USER: the image would run as root")
		case user == "root" || user == "0":
			add(finalLine, "non-root", "final stage runs as %s", lastUser)
		}
	}
	return out
}

func knownKnobs(k map[string]string) string {
	names := make([]string, 0, len(k))
	for n := range k {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// declaredNames returns the variable names an ARG or ENV declares.
func declaredNames(in Instruction) []string {
	var names []string
	if in.Keyword == "ARG" {
		name, _, _ := strings.Cut(in.Args, "=")
		return []string{strings.TrimSpace(name)}
	}
	// ENV k=v k2="v 2" ... or the legacy ENV k v form.
	fields := splitWords(in.Args)
	if len(fields) > 0 && !strings.Contains(fields[0], "=") {
		return []string{fields[0]}
	}
	for _, f := range fields {
		if name, _, ok := strings.Cut(f, "="); ok {
			names = append(names, name)
		}
	}
	return names
}

// labelKeys returns the keys of a LABEL instruction (k=v pairs, quoted values).
func labelKeys(args string) []string {
	var keys []string
	for _, f := range splitWords(args) {
		if k, _, ok := strings.Cut(f, "="); ok {
			keys = append(keys, strings.Trim(k, `"`))
		}
	}
	return keys
}

// splitWords splits on blanks outside double or single quotes.
func splitWords(s string) []string {
	var out []string
	var cur strings.Builder
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
			cur.WriteRune(r)
		case r == '"' || r == '\'':
			quote = r
			cur.WriteRune(r)
		case r == ' ' || r == '\t':
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
		}
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

func checkRun(in Instruction, add func(int, string, string, ...any)) {
	cmd := in.Args
	if pipeShellRe.MatchString(cmd) {
		add(in.Line, "no-curl-pipe-sh", "piping a download into a shell: download, verify a checksum, then run")
	}
	if strings.Contains(cmd, "apt-get install") {
		if !strings.Contains(cmd, "--no-install-recommends") {
			add(in.Line, "apt-no-recommends", "apt-get install without --no-install-recommends")
		}
		if !strings.Contains(cmd, "apt-get update") {
			add(in.Line, "apt-update-same-run", "apt-get install without apt-get update in the same RUN (stale package lists from the cache)")
		}
		if !aptYesRe.MatchString(cmd) {
			add(in.Line, "apt-yes", "apt-get install without -y")
		}
	}
	if strings.Contains(cmd, "apk add") && !strings.Contains(cmd, "--no-cache") {
		add(in.Line, "apk-no-cache", "apk add without --no-cache")
	}
}
