// Command schemagen turns the Kubernetes OpenAPI v2 document (api/openapi-spec/swagger.json in
// the k8s.io/kubernetes module) into kubeconform's schema layout: one standalone, strict JSON
// schema per kind, named {kind}-{group}-{version}.json ({kind}-{version}.json for the core
// group), the names kubeconform's {{ .ResourceKind }}{{ .KindSuffix }} template produces.
//
// "Standalone" means every $ref is inlined, except for recursive types (only the CRD schema
// type JSONSchemaProps), which become a local #/definitions entry in the same file. "Strict"
// means every object with declared properties gets additionalProperties: false, so unknown
// fields fail validation. Optional fields also accept null, as in the schemas published by
// yannh/kubernetes-json-schema (kubectl writes e.g. creationTimestamp: null).
//
// Usage: schemagen -in swagger.json -out DIR
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "schemagen:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("schemagen", flag.ContinueOnError)
	in := fs.String("in", "", "path to the Kubernetes swagger.json (OpenAPI v2)")
	out := fs.String("out", "", "output directory for the JSON schemas")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *in == "" || *out == "" {
		return errors.New("both -in and -out are required")
	}
	raw, err := os.ReadFile(*in)
	if err != nil {
		return err
	}
	files, err := Generate(raw)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(*out, name), files[name], 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "schemagen: wrote %d schemas to %s\n", len(files), *out)
	return nil
}

type schema = map[string]any

type gvk struct {
	Group   string `json:"group"`
	Version string `json:"version"`
	Kind    string `json:"kind"`
}

// apiVersion is the manifest's apiVersion: "v1" for the core group, else "group/version".
func (g gvk) apiVersion() string {
	if g.Group == "" {
		return g.Version
	}
	return g.Group + "/" + g.Version
}

// FileName mirrors kubeconform's schema path: lower-case kind, then "-" + the first label of
// the group (if any) + "-" + version.
func (g gvk) FileName() string {
	suffix := "-" + strings.ToLower(g.Version)
	if g.Group != "" {
		suffix = "-" + strings.ToLower(strings.Split(g.Group, ".")[0]) + suffix
	}
	return strings.ToLower(g.Kind) + suffix + ".json"
}

// Generate returns file name → schema JSON for every kind in the swagger document.
func Generate(swagger []byte) (map[string][]byte, error) {
	var doc struct {
		Definitions map[string]schema `json:"definitions"`
	}
	if err := json.Unmarshal(swagger, &doc); err != nil {
		return nil, fmt.Errorf("parse swagger: %w", err)
	}
	if len(doc.Definitions) == 0 {
		return nil, errors.New("swagger has no definitions")
	}
	names := make([]string, 0, len(doc.Definitions))
	for name := range doc.Definitions {
		names = append(names, name)
	}
	sort.Strings(names)

	files := map[string][]byte{}
	owner := map[string]string{}
	for _, name := range names {
		def := doc.Definitions[name]
		gvks, err := groupVersionKinds(def)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for _, g := range gvks {
			file := g.FileName()
			if prev, dup := owner[file]; dup {
				return nil, fmt.Errorf("%s and %s both map to %s", prev, name, file)
			}
			owner[file] = name
			s, err := newExpander(doc.Definitions).kindSchema(name, g)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			b, err := json.MarshalIndent(s, "", "  ")
			if err != nil {
				return nil, err
			}
			files[file] = append(b, '\n')
		}
	}
	if len(files) == 0 {
		return nil, errors.New("no definition has x-kubernetes-group-version-kind")
	}
	return files, nil
}

func groupVersionKinds(def schema) ([]gvk, error) {
	raw, ok := def["x-kubernetes-group-version-kind"]
	if !ok {
		return nil, nil
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return nil, err
	}
	var gvks []gvk
	if err := json.Unmarshal(b, &gvks); err != nil {
		return nil, fmt.Errorf("x-kubernetes-group-version-kind: %w", err)
	}
	return gvks, nil
}

// expander inlines $refs for one output file.
type expander struct {
	defs    map[string]schema
	stack   map[string]bool // definitions being expanded: a $ref to one of them is a cycle
	local   map[string]bool // recursive definitions emitted under #/definitions
	pending []string
}

func newExpander(defs map[string]schema) *expander {
	return &expander{defs: defs, stack: map[string]bool{}, local: map[string]bool{}}
}

const refPrefix = "#/definitions/"

// quantityDef is a string in the swagger document, but manifests write both "500m" and 1.
const quantityDef = "io.k8s.apimachinery.pkg.api.resource.Quantity"

func (e *expander) kindSchema(name string, g gvk) (schema, error) {
	out, err := e.definition(name, false)
	if err != nil {
		return nil, err
	}
	props, _ := out["properties"].(schema)
	if props == nil {
		return nil, errors.New("kind without properties")
	}
	// Pin kind and apiVersion so a manifest cannot pass against another kind's schema.
	for field, value := range map[string]string{"kind": g.Kind, "apiVersion": g.apiVersion()} {
		if p, ok := props[field].(schema); ok {
			p["enum"] = []any{value}
		}
	}
	defs := schema{}
	for len(e.pending) > 0 {
		n := e.pending[0]
		e.pending = e.pending[1:]
		d, err := e.definition(n, false)
		if err != nil {
			return nil, err
		}
		defs[n] = d
	}
	if len(defs) > 0 {
		out["definitions"] = defs
	}
	out["$schema"] = "http://json-schema.org/draft-07/schema#"
	return out, nil
}

func (e *expander) definition(name string, nullable bool) (schema, error) {
	def, ok := e.defs[name]
	if !ok {
		return nil, fmt.Errorf("unknown definition %q", name)
	}
	if name == quantityDef {
		return oneOfTypes(nullable, "string", "number"), nil
	}
	e.stack[name] = true
	defer delete(e.stack, name)
	return e.convert(def, nullable)
}

// convert walks the schema structure (properties, items, additionalProperties), so a property
// that happens to be named "$ref" (JSONSchemaProps has one) is never taken for a reference.
func (e *expander) convert(in schema, nullable bool) (schema, error) {
	if ref, ok := in["$ref"].(string); ok {
		name, found := strings.CutPrefix(ref, refPrefix)
		if !found {
			return nil, fmt.Errorf("unsupported $ref %q", ref)
		}
		if e.stack[name] {
			if !e.local[name] {
				e.local[name] = true
				e.pending = append(e.pending, name)
			}
			r := schema{"$ref": refPrefix + name}
			if nullable {
				return schema{"anyOf": []any{r, schema{"type": "null"}}}, nil
			}
			return r, nil
		}
		return e.definition(name, nullable)
	}

	out := schema{}
	for _, k := range []string{"enum", "minimum", "maximum", "pattern", "minLength", "maxLength", "minItems", "maxItems", "uniqueItems"} {
		if v, ok := in[k]; ok {
			out[k] = v
		}
	}
	if in["format"] == "int-or-string" {
		for k, v := range oneOfTypes(nullable, "string", "integer") {
			out[k] = v
		}
		return out, nil
	}
	if t, ok := in["type"].(string); ok {
		if nullable {
			out["type"] = []any{t, "null"}
		} else {
			out["type"] = t
		}
	}
	required := map[string]bool{}
	if req, ok := in["required"].([]any); ok {
		names := make([]any, 0, len(req))
		for _, r := range req {
			if s, ok := r.(string); ok {
				required[s] = true
				names = append(names, s)
			}
		}
		if len(names) > 0 {
			out["required"] = names
		}
	}
	if props, ok := in["properties"].(schema); ok {
		converted := schema{}
		for name, p := range props {
			ps, ok := p.(schema)
			if !ok {
				return nil, fmt.Errorf("property %q is not a schema", name)
			}
			c, err := e.convert(ps, !required[name])
			if err != nil {
				return nil, fmt.Errorf("property %q: %w", name, err)
			}
			converted[name] = c
		}
		out["properties"] = converted
		if _, open := in["additionalProperties"]; !open {
			out["additionalProperties"] = false
		}
	}
	switch ap := in["additionalProperties"].(type) {
	case bool:
		out["additionalProperties"] = ap
	case schema:
		c, err := e.convert(ap, false)
		if err != nil {
			return nil, fmt.Errorf("additionalProperties: %w", err)
		}
		out["additionalProperties"] = c
	}
	if items, ok := in["items"].(schema); ok {
		c, err := e.convert(items, false)
		if err != nil {
			return nil, fmt.Errorf("items: %w", err)
		}
		out["items"] = c
	}
	return out, nil
}

func oneOfTypes(nullable bool, types ...string) schema {
	alts := make([]any, 0, len(types)+1)
	for _, t := range types {
		alts = append(alts, schema{"type": t})
	}
	if nullable {
		alts = append(alts, schema{"type": "null"})
	}
	return schema{"oneOf": alts}
}
