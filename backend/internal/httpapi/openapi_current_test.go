package httpapi

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// frontendDocument is the frontend's committed copy of the OpenAPI document: its generated
// types (frontend/src/api/schema.gen.ts) come from it.
var frontendDocument = filepath.Join("..", "..", "..", "frontend", "src", "api", "openapi.json")

// TestFrontendOpenAPIIsCurrent fails when the backend's document changed but the frontend's copy
// was not regenerated, so the frontend cannot compile against a contract the backend left.
func TestFrontendOpenAPIIsCurrent(t *testing.T) {
	doc, err := OpenAPIDocument()
	if err != nil {
		t.Fatal(err)
	}
	// Round-trip through JSON so both sides have the same Go types (float64, []any, map[string]any).
	raw, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var want any
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile(frontendDocument)
	if err != nil {
		t.Fatalf("read the frontend's copy of the document: %v (run `cd frontend && npm run gen:api`)", err)
	}
	var got any
	if err := json.Unmarshal(committed, &got); err != nil {
		t.Fatalf("%s is not JSON: %v", frontendDocument, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s differs from the backend's OpenAPI document; run `cd frontend && npm run gen:api` and commit both generated files", frontendDocument)
	}
}
