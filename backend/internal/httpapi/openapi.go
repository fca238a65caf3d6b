package httpapi

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"sort"

	"github.com/labstack/echo/v4"
)

// The OpenAPI document is assembled from one fragment per domain (openapi/*.json), so each
// domain documents its own routes next to the others without editing one huge file.
//
//go:embed openapi/*.json
var openapiFragments embed.FS

// OpenAPIDocument merges base.json with every other fragment's paths and component schemas.
func OpenAPIDocument() (map[string]any, error) {
	base, err := readFragment("openapi/base.json")
	if err != nil {
		return nil, err
	}
	paths := asMap(base["paths"])
	components := asMap(base["components"])
	schemas := asMap(components["schemas"])
	names, err := fs.Glob(openapiFragments, "openapi/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, name := range names {
		if name == "openapi/base.json" {
			continue
		}
		frag, err := readFragment(name)
		if err != nil {
			return nil, err
		}
		for path, item := range asMap(frag["paths"]) {
			merged := asMap(paths[path])
			for method, op := range asMap(item) {
				if _, dup := merged[method]; dup {
					return nil, fmt.Errorf("openapi: %s %s documented twice (%s)", method, path, name)
				}
				merged[method] = withUnavailable(op)
			}
			paths[path] = merged
		}
		for schema, def := range asMap(asMap(frag["components"])["schemas"]) {
			if _, dup := schemas[schema]; dup {
				return nil, fmt.Errorf("openapi: schema %s defined twice (%s)", schema, name)
			}
			schemas[schema] = def
		}
	}
	components["schemas"] = schemas
	base["components"] = components
	base["paths"] = paths
	return base, nil
}

// withUnavailable documents the 503 every domain route may answer: each one reads MySQL or Redis
// (at least through the per-request account check), and a dependency that is down or too slow
// answers 503 unavailable with Retry-After rather than an error or a hang.
func withUnavailable(op any) any {
	o := asMap(op)
	responses := asMap(o["responses"])
	if _, ok := responses["503"]; !ok {
		responses["503"] = map[string]any{"$ref": "#/components/responses/Unavailable"}
	}
	o["responses"] = responses
	return o
}

func readFragment(name string) (map[string]any, error) {
	raw, err := openapiFragments.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("openapi fragment %s: %w", name, err)
	}
	return doc, nil
}

func asMap(v any) map[string]any {
	m, ok := v.(map[string]any)
	if !ok {
		return map[string]any{}
	}
	return maps.Clone(m)
}

// handleOpenAPI serves the merged document, rendered once.
func handleOpenAPI() (echo.HandlerFunc, error) {
	doc, err := OpenAPIDocument()
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	return func(c echo.Context) error {
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, raw)
	}, nil
}
