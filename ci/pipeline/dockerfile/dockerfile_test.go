package dockerfile

import (
	"strings"
	"testing"
)

var knobs = map[string]string{"GO_IMAGE": "golang:1.26", "RUNTIME_IMAGE": "gcr.io/distroless/static-debian12:nonroot"}

const good = `# A comment
ARG GO_IMAGE=golang:1.26
ARG RUNTIME_IMAGE=gcr.io/distroless/static-debian12:nonroot

FROM ${GO_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends git \
 && rm -rf /var/lib/apt/lists/*
RUN go build -o /out/api ./cmd/api

FROM ${RUNTIME_IMAGE}
ARG VERSION=dev
LABEL org.opencontainers.image.title="x" \
      org.opencontainers.image.source="s" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.created="${CREATED}"
COPY --from=build /out/api /app/api
USER 65532:65532
ENV PORT=5000 UPLOADS_DIR=/app/uploads
HEALTHCHECK --interval=10s CMD ["/app/api", "healthcheck"]
ENTRYPOINT ["/app/api"]
`

func TestCheckGood(t *testing.T) {
	if fs := Check(good, Rules{Knobs: knobs}); len(fs) != 0 {
		t.Errorf("good Dockerfile has findings: %v", fs)
	}
}

// replace is an edit of the good Dockerfile: its first from becomes to.
func replace(from, to string) func(string) string {
	return func(s string) string { return strings.Replace(s, from, to, 1) }
}

func TestCheckFindings(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(string) string
		rules   Rules
		rule    string
		wantNot bool
	}{
		{"syntax directive", func(s string) string { return "# syntax=docker/dockerfile:1\n" + s }, Rules{Knobs: knobs}, "no-directive", false},
		{"literal base image", replace("FROM ${GO_IMAGE} AS build", "FROM golang:1.26 AS build"), Rules{Knobs: knobs}, "base-image-knob", false},
		{"wrong default", replace("ARG GO_IMAGE=golang:1.26", "ARG GO_IMAGE=standin/golang:1.26"), Rules{Knobs: knobs}, "official-default", false},
		{"undeclared knob", replace("ARG GO_IMAGE=golang:1.26\n", ""), Rules{Knobs: knobs}, "base-image-knob", false},
		{"unknown knob", func(s string) string { return strings.ReplaceAll(s, "GO_IMAGE", "BUILDER_IMAGE") }, Rules{Knobs: knobs}, "base-image-knob", false},
		{"secret env", replace("ENV PORT=5000", "ENV JWT_SECRET_KEY=x PORT=5000"), Rules{Knobs: knobs}, "no-secrets", false},
		{"secret arg", replace("ARG VERSION=dev", "ARG DB_PASSWORD"), Rules{Knobs: knobs}, "no-secrets", false},
		{"add url", replace("COPY --from", "ADD https://x/y /y\nCOPY --from"), Rules{Knobs: knobs}, "no-add-url", false},
		{"add local", replace("COPY --from", "ADD app.tar /\nCOPY --from"), Rules{Knobs: knobs}, "copy-not-add", false},
		{"curl pipe sh", replace("RUN go build", "RUN curl -fsSL https://x/install | sh\nRUN go build"), Rules{Knobs: knobs}, "no-curl-pipe-sh", false},
		{"apt recommends", replace(" --no-install-recommends", ""), Rules{Knobs: knobs}, "apt-no-recommends", false},
		{"apt no update", replace("apt-get update \\\n && ", ""), Rules{Knobs: knobs}, "apt-update-same-run", false},
		{"apt no -y", replace("install -y ", "install "), Rules{Knobs: knobs}, "apt-yes", false},
		{"apk cache", replace("RUN go build", "RUN apk add git\nRUN go build"), Rules{Knobs: knobs}, "apk-no-cache", false},
		{"shell form", replace(`ENTRYPOINT ["/app/api"]`, "ENTRYPOINT /app/api"), Rules{Knobs: knobs}, "exec-form", false},
		{"no healthcheck", replace("HEALTHCHECK --interval=10s CMD [\"/app/api\", \"healthcheck\"]\n", ""), Rules{Knobs: knobs}, "healthcheck", false},
		{"missing label", replace("org.opencontainers.image.created", "org.example.created"), Rules{Knobs: knobs}, "oci-labels", false},
		{"root user", replace("USER 65532:65532", "USER root"), Rules{Knobs: knobs}, "non-root", false},
		{"no user", replace("USER 65532:65532\n", ""), Rules{Knobs: knobs}, "non-root", false},
		{"no user allowed", replace("USER 65532:65532\n", ""), Rules{Knobs: knobs, AllowRoot: "nginx master"}, "non-root", true},
		{"build stage user does not count", func(s string) string {
			return strings.Replace(strings.Replace(s, "USER 65532:65532\n", "", 1), "RUN go build", "USER 1000\nRUN go build", 1)
		}, Rules{Knobs: knobs}, "non-root", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := Check(tt.edit(good), tt.rules)
			found := false
			for _, f := range fs {
				if f.Rule == tt.rule {
					found = true
				}
			}
			if found == tt.wantNot {
				t.Errorf("rule %s found=%v (want %v); findings: %v", tt.rule, found, !tt.wantNot, fs)
			}
		})
	}
}

func TestParseContinuationsAndComments(t *testing.T) {
	instrs, dirs := Parse("# escape=`\nFROM a\nRUN one \\\n  # inner comment\n  two\nCMD [\"x\"]")
	if len(dirs) != 1 || dirs[0].Keyword != "escape" {
		t.Errorf("directives = %v", dirs)
	}
	if len(instrs) != 3 || instrs[1].Keyword != "RUN" || instrs[1].Args != "one two" || instrs[1].Line != 3 {
		t.Errorf("instructions = %+v", instrs)
	}
}
