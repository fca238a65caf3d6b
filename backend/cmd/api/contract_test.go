package main

// The OpenAPI document is the contract: every answer the API tests receive from an /api/ route
// is checked against it (status documented for the operation, content type, body schema), so a
// field added, renamed or retyped without the document fails the test that saw it.

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"

	ics "github.com/arran4/golang-ical"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/trainingclub/platform/backend/internal/httpapi"
)

// apiClient is the client every API test uses: its answers are validated against the contract.
var apiClient = &http.Client{Transport: contractChecked(http.DefaultTransport)}

// contractChecked wraps next so each /api/ answer is validated; a violation is returned as the
// request's error, naming the operation and what does not match.
func contractChecked(next http.RoundTripper) http.RoundTripper {
	return &contractTransport{next: next}
}

type contractTransport struct{ next http.RoundTripper }

// apiContract is the loaded document and a router that finds a request's operation in it.
type apiContract struct {
	doc    *openapi3.T
	router routers.Router
}

var contract = sync.OnceValues(func() (*apiContract, error) {
	// Calendars (feeds, .ics downloads) must parse as iCalendar to match their documented type.
	openapi3filter.RegisterBodyDecoder("text/calendar", func(body io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
		raw, err := io.ReadAll(body)
		if err != nil {
			return nil, err
		}
		if _, err := ics.ParseCalendar(bytes.NewReader(raw)); err != nil {
			return nil, fmt.Errorf("not an iCalendar: %w", err)
		}
		return string(raw), nil
	})
	assembled, err := httpapi.OpenAPIDocument()
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(assembled)
	if err != nil {
		return nil, err
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(raw)
	if err != nil {
		return nil, fmt.Errorf("load OpenAPI document: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("OpenAPI document is invalid: %w", err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	return &apiContract{doc: doc, router: router}, nil
})

func (c *contractTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(req)
	if err != nil || !strings.HasPrefix(req.URL.Path, "/api/") {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	plain, err := decodedBody(resp, body)
	if err != nil {
		return nil, fmt.Errorf("contract: %s %s: %w", req.Method, req.URL.Path, err)
	}
	if err := validateAnswer(req, resp, plain); err != nil {
		return nil, fmt.Errorf("contract: %s %s answered %d: %w\nbody: %.2000s", req.Method, req.URL.Path, resp.StatusCode, err, body)
	}
	return resp, nil
}

// decodedBody is body without its Content-Encoding (gzip), which is what the document describes.
func decodedBody(resp *http.Response, body []byte) ([]byte, error) {
	switch resp.Header.Get("Content-Encoding") {
	case "":
		return body, nil
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, fmt.Errorf("gzip body: %w", err)
		}
		return io.ReadAll(zr)
	default:
		return nil, fmt.Errorf("unexpected Content-Encoding %q", resp.Header.Get("Content-Encoding"))
	}
}

// validateAnswer checks one answer against the operation the request matches.
func validateAnswer(req *http.Request, resp *http.Response, body []byte) error {
	c, err := contract()
	if err != nil {
		return err
	}
	// The router matches on the URL only; a copy without the body keeps the request intact.
	probe := req.Clone(req.Context())
	probe.Body = http.NoBody
	route, params, err := c.router.FindRoute(probe)
	if err != nil {
		if resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusMethodNotAllowed {
			// No operation documents an unknown route, but its answer is still the Error schema.
			return c.validateError(resp, body)
		}
		return fmt.Errorf("operation not in the OpenAPI document: %w", err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: probe, PathParams: params, Route: route},
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(req.Context(), in); err != nil {
		return err
	}
	// kin-openapi skips the body of a response documented without content; such a response must
	// then have no body at all.
	doc := route.Operation.Responses.Status(resp.StatusCode)
	if doc != nil && doc.Value != nil && len(doc.Value.Content) == 0 && len(body) > 0 {
		return fmt.Errorf("status %d is documented without a body, got %d bytes", resp.StatusCode, len(body))
	}
	return nil
}

// validateError checks an answer that no operation documents is the Error schema, as JSON.
func (c *apiContract) validateError(resp *http.Response, body []byte) error {
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return fmt.Errorf("error answer has Content-Type %q, not application/json", ct)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("error answer is not JSON: %w", err)
	}
	return c.doc.Components.Schemas["Error"].Value.VisitJSON(v, openapi3.EnableJSONSchema2020())
}

// TestContractRejectsDrift shows the check fails on each kind of drift it exists to catch, so a
// green API suite means the answers matched the document.
func TestContractRejectsDrift(t *testing.T) {
	jsonCT := http.Header{"Content-Type": []string{"application/json"}}
	cases := []struct {
		name, method, path string
		status             int
		header             http.Header
		body               string
		wantErr            string // "" = valid
	}{
		{"documented answer", "GET", "/api/health/live", 200, jsonCT, `{"status":"ok","instance":"a"}`, ""},
		{"added field", "GET", "/api/health/live", 200, jsonCT, `{"status":"ok","instance":"a","extra":1}`, "extra"},
		{"renamed field", "GET", "/api/health/live", 200, jsonCT, `{"status":"ok","host":"a"}`, "instance"},
		{"retyped field", "GET", "/api/health/live", 200, jsonCT, `{"status":"ok","instance":7}`, "instance"},
		{"undocumented status", "GET", "/api/health/live", 418, jsonCT, `{"status":"ok","instance":"a"}`, "status is not supported"},
		{"wrong content type", "GET", "/api/health/live", 200, http.Header{"Content-Type": []string{"text/plain"}}, `ok`, "Content-Type"},
		{"body where none is documented", "POST", "/api/auth/logout", 204, jsonCT, `{}`, "without a body"},
		{"undocumented operation", "PUT", "/api/health/live", 200, jsonCT, `{}`, "not in the OpenAPI document"},
		{"unknown route with the error shape", "GET", "/api/nope", 404, jsonCT, `{"error":{"code":"not_found","message":"Not Found","details":{}}}`, ""},
		{"unknown route without it", "GET", "/api/nope", 404, jsonCT, `{"message":"Not Found"}`, "error"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, "http://127.0.0.1"+tc.path, nil)
			resp := &http.Response{StatusCode: tc.status, Header: tc.header}
			err := validateAnswer(req, resp, []byte(tc.body))
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("want valid, got %v", err)
			case tc.wantErr != "" && err == nil:
				t.Fatalf("want an error mentioning %q, got none", tc.wantErr)
			case tc.wantErr != "" && !strings.Contains(err.Error(), tc.wantErr):
				t.Fatalf("want an error mentioning %q, got %v", tc.wantErr, err)
			}
		})
	}
}

// TestResponseSchemasAreStrict fails when an object a response can carry does not forbid
// undocumented properties: without that, an added or renamed field would pass the contract.
func TestResponseSchemasAreStrict(t *testing.T) {
	c, err := contract()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[*openapi3.Schema]bool{}
	var loose []string
	var walk func(where string, ref *openapi3.SchemaRef)
	walk = func(where string, ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		if ref.Ref != "" {
			where = ref.Ref
		}
		if len(s.Properties) > 0 && (s.AdditionalProperties.Has == nil || *s.AdditionalProperties.Has) {
			loose = append(loose, where)
		}
		for name, p := range s.Properties {
			walk(where+"."+name, p)
		}
		walk(where+"[]", s.Items)
		walk(where+".*", s.AdditionalProperties.Schema)
		for _, group := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
			for _, sub := range group {
				walk(where, sub)
			}
		}
	}
	for path, item := range c.doc.Paths.Map() {
		for method, op := range item.Operations() {
			for status, resp := range op.Responses.Map() {
				for _, media := range resp.Value.Content {
					walk(method+" "+path+" "+status, media.Schema)
				}
			}
		}
	}
	if len(seen) < 20 {
		t.Fatalf("walked only %d schemas", len(seen))
	}
	if len(loose) > 0 {
		sort.Strings(loose)
		t.Fatalf("response objects without additionalProperties: false:\n  %s", strings.Join(loose, "\n  "))
	}
}
