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

func TestCheckFindings(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(string) string
		rules   Rules
		rule    string
		wantNot bool
	}{
		{"syntax directive", func(s string) string { return "# syntax=docker/dockerfile:1\n" + s }, Rules{Knobs: knobs}, "no-directive", false},
		{"literal base image", func(s string) string {
			return strings.Replace(s, "FROM ${GO_IMAGE} AS build", "FROM golang:1.26 AS build", 1)
		}, Rules{Knobs: knobs}, "base-image-knob", false},
		{"wrong default", func(s string) string {
			return strings.Replace(s, "ARG GO_IMAGE=golang:1.26", "ARG GO_IMAGE=standin/golang:1.26", 1)
		}, Rules{Knobs: knobs}, "official-default", false},
		{"undeclared knob", func(s string) string { return strings.Replace(s, "ARG GO_IMAGE=golang:1.26\n", "", 1) }, Rules{Knobs: knobs}, "base-image-knob", false},
		{"unknown knob", func(s string) string { return strings.ReplaceAll(s, "GO_IMAGE", "BUILDER_IMAGE") }, Rules{Knobs: knobs}, "base-image-knob", false},
		{"secret env", func(s string) string { return strings.Replace(s, "ENV PORT=5000", "ENV JWT_SECRET_KEY=x PORT=5000", 1) }, Rules{Knobs: knobs}, "no-secrets", false},
		{"secret arg", func(s string) string { return strings.Replace(s, "ARG VERSION=dev", "ARG DB_PASSWORD", 1) }, Rules{Knobs: knobs}, "no-secrets", false},
		{"add url", func(s string) string { return strings.Replace(s, "COPY --from", "ADD https://x/y /y\nCOPY --from", 1) }, Rules{Knobs: knobs}, "no-add-url", false},
		{"add local", func(s string) string { return strings.Replace(s, "COPY --from", "ADD app.tar /\nCOPY --from", 1) }, Rules{Knobs: knobs}, "copy-not-add", false},
		{"curl pipe sh", func(s string) string {
			return strings.Replace(s, "RUN go build", "RUN curl -fsSL https://x/install | sh\nRUN go build", 1)
		}, Rules{Knobs: knobs}, "no-curl-pipe-sh", false},
		{"apt recommends", func(s string) string { return strings.Replace(s, " --no-install-recommends", "", 1) }, Rules{Knobs: knobs}, "apt-no-recommends", false},
		{"apt no update", func(s string) string { return strings.Replace(s, "apt-get update \\\n && ", "", 1) }, Rules{Knobs: knobs}, "apt-update-same-run", false},
		{"apt no -y", func(s string) string { return strings.Replace(s, "install -y ", "install ", 1) }, Rules{Knobs: knobs}, "apt-yes", false},
		{"apk cache", func(s string) string { return strings.Replace(s, "RUN go build", "RUN apk add git\nRUN go build", 1) }, Rules{Knobs: knobs}, "apk-no-cache", false},
		{"shell form", func(s string) string { return strings.Replace(s, `ENTRYPOINT ["/app/api"]`, "ENTRYPOINT /app/api", 1) }, Rules{Knobs: knobs}, "exec-form", false},
		{"no healthcheck", func(s string) string {
			return strings.Replace(s, "HEALTHCHECK --interval=10s CMD [\"/app/api\", \"healthcheck\"]\n", "", 1)
		}, Rules{Knobs: knobs}, "healthcheck", false},
		{"missing label", func(s string) string {
			return strings.Replace(s, "org.opencontainers.image.created", "org.example.created", 1)
		}, Rules{Knobs: knobs}, "oci-labels", false},
		{"root user", func(s string) string { return strings.Replace(s, "USER 65532:65532", "USER root", 1) }, Rules{Knobs: knobs}, "non-root", false},
		{"no user", func(s string) string { return strings.Replace(s, "USER 65532:65532\n", "", 1) }, Rules{Knobs: knobs}, "non-root", false},
		{"no user allowed", func(s string) string { return strings.Replace(s, "USER 65532:65532\n", "", 1) }, Rules{Knobs: knobs, AllowRoot: "nginx master"}, "non-root", true},
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
