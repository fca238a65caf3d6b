package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const fixture = `{"definitions": {
  "io.k8s.api.apps.v1.Widget": {
    "x-kubernetes-group-version-kind": [{"group": "apps", "version": "v1", "kind": "Widget"}],
    "required": ["spec"],
    "properties": {
      "apiVersion": {"type": "string"},
      "kind": {"type": "string"},
      "spec": {"$ref": "#/definitions/io.k8s.api.apps.v1.WidgetSpec", "description": "spec"}
    }
  },
  "io.k8s.api.apps.v1.WidgetSpec": {
    "type": "object",
    "properties": {
      "port": {"$ref": "#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString"},
      "cpu": {"$ref": "#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity"},
      "labels": {"type": "object", "additionalProperties": {"type": "string"}},
      "tree": {"$ref": "#/definitions/io.k8s.api.apps.v1.Node"}
    }
  },
  "io.k8s.api.apps.v1.Node": {
    "type": "object",
    "properties": {
      "$ref": {"type": "string"},
      "children": {"type": "array", "items": {"$ref": "#/definitions/io.k8s.api.apps.v1.Node"}}
    }
  },
  "io.k8s.api.core.v1.Thing": {
    "x-kubernetes-group-version-kind": [{"group": "", "version": "v1", "kind": "Thing"}],
    "type": "object",
    "properties": {"kind": {"type": "string"}}
  },
  "io.k8s.api.networking.v1.Gadget": {
    "x-kubernetes-group-version-kind": [{"group": "networking.k8s.io", "version": "v1", "kind": "Gadget"}],
    "type": "object",
    "properties": {"apiVersion": {"type": "string"}}
  },
  "io.k8s.apimachinery.pkg.util.intstr.IntOrString": {"type": "string", "format": "int-or-string"},
  "io.k8s.apimachinery.pkg.api.resource.Quantity": {"type": "string"}
}}`

func generate(t *testing.T) map[string]schema {
	t.Helper()
	files, err := Generate([]byte(fixture))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]schema{}
	for name, b := range files {
		var s schema
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = s
	}
	return out
}

func TestFileNamesFollowKubeconformLayout(t *testing.T) {
	files := generate(t)
	var names []string
	for n := range files {
		names = append(names, n)
	}
	for _, want := range []string{"widget-apps-v1.json", "thing-v1.json", "gadget-networking-v1.json"} {
		if _, ok := files[want]; !ok {
			t.Errorf("missing %s (have %v)", want, names)
		}
	}
	if len(files) != 3 {
		t.Errorf("want 3 files, got %v", names)
	}
}

func TestSchemaIsStandaloneAndStrict(t *testing.T) {
	w := generate(t)["widget-apps-v1.json"]
	b, _ := json.Marshal(w)
	if strings.Contains(string(b), `"$ref":"#/definitions/io.k8s.api.apps.v1.WidgetSpec"`) {
		t.Error("non-recursive $ref was not inlined")
	}
	if w["additionalProperties"] != false {
		t.Error("top level must be strict")
	}
	props := w["properties"].(schema)
	if !reflect.DeepEqual(props["kind"].(schema)["enum"], []any{"Widget"}) {
		t.Errorf("kind enum: %v", props["kind"])
	}
	if !reflect.DeepEqual(props["apiVersion"].(schema)["enum"], []any{"apps/v1"}) {
		t.Errorf("apiVersion enum: %v", props["apiVersion"])
	}
	spec := props["spec"].(schema)
	if spec["type"] != "object" {
		t.Errorf("required spec must not be nullable: %v", spec["type"])
	}
	if spec["additionalProperties"] != false {
		t.Error("nested object must be strict")
	}
	sp := spec["properties"].(schema)
	labels := sp["labels"].(schema)
	if !reflect.DeepEqual(labels["additionalProperties"], schema{"type": "string"}) {
		t.Errorf("maps keep their value schema: %v", labels)
	}
	if !reflect.DeepEqual(labels["type"], []any{"object", "null"}) {
		t.Errorf("optional fields accept null: %v", labels["type"])
	}
	port := sp["port"].(schema)["oneOf"].([]any)
	if len(port) != 3 || port[1].(schema)["type"] != "integer" {
		t.Errorf("int-or-string: %v", port)
	}
	cpu := sp["cpu"].(schema)["oneOf"].([]any)
	if len(cpu) != 3 || cpu[1].(schema)["type"] != "number" {
		t.Errorf("quantity: %v", cpu)
	}
}

func TestRecursiveTypesBecomeLocalDefinitions(t *testing.T) {
	w := generate(t)["widget-apps-v1.json"]
	defs, ok := w["definitions"].(schema)
	if !ok {
		t.Fatal("recursive type needs a local definitions block")
	}
	node, ok := defs["io.k8s.api.apps.v1.Node"].(schema)
	if !ok {
		t.Fatalf("definitions: %v", defs)
	}
	np := node["properties"].(schema)
	if !reflect.DeepEqual(np["$ref"], schema{"type": []any{"string", "null"}}) {
		t.Errorf(`a property named "$ref" is a property, not a reference: %v`, np["$ref"])
	}
	items := np["children"].(schema)["items"].(schema)
	if items["$ref"] != "#/definitions/io.k8s.api.apps.v1.Node" {
		t.Errorf("recursion must point at the local definition: %v", items)
	}
}

func TestRunWritesFiles(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "swagger.json")
	if err := os.WriteFile(in, []byte(fixture), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "schemas")
	var log strings.Builder
	if err := run([]string{"-in", in, "-out", out}, &log); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "thing-v1.json")); err != nil {
		t.Error(err)
	}
	if !strings.Contains(log.String(), "wrote 3 schemas") {
		t.Errorf("log: %q", log.String())
	}
}

func TestDuplicateFileNamesFail(t *testing.T) {
	dup := `{"definitions": {
  "a.v1.X": {"x-kubernetes-group-version-kind": [{"group": "apps", "version": "v1", "kind": "X"}], "properties": {}},
  "b.v1.X": {"x-kubernetes-group-version-kind": [{"group": "apps.example.com", "version": "v1", "kind": "X"}], "properties": {}}
}}`
	if _, err := Generate([]byte(dup)); err == nil || !strings.Contains(err.Error(), "x-apps-v1.json") {
		t.Errorf("want a collision error, got %v", err)
	}
}
