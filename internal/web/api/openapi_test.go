package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"sapsportal/internal/web/api"
	"sapsportal/internal/web/webtest"
)

// apiDoc is the served OpenAPI document, read as JSON.
type apiDoc struct {
	doc map[string]any
}

func openAPI(t testing.TB, e *webtest.Env) *apiDoc {
	t.Helper()
	resp, err := http.Get(e.Server.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var d map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&d); err != nil || resp.StatusCode != 200 {
		t.Fatalf("openapi.json: %d %v", resp.StatusCode, err)
	}
	if d["openapi"] != "3.1.0" {
		t.Errorf("openapi: %v", d["openapi"])
	}
	return &apiDoc{doc: d}
}

func (d *apiDoc) operation(method, route string) map[string]any {
	item, _ := d.doc["paths"].(map[string]any)[route].(map[string]any)
	op, _ := item[strings.ToLower(method)].(map[string]any)
	return op
}

// conforms checks an answer against the documented shape of its route's
// status: every required property there, none undocumented, each of its
// type.
func (d *apiDoc) conforms(t testing.TB, method, route string, status int, body []byte) {
	t.Helper()
	op := d.operation(method, route)
	if op == nil {
		t.Errorf("%s %s is not documented", method, route)
		return
	}
	resp, _ := op["responses"].(map[string]any)[fmt.Sprint(status)].(map[string]any)
	if resp == nil {
		t.Errorf("%s %s: status %d is not documented", method, route, status)
		return
	}
	schema := resp["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	for _, p := range d.mismatch("$", schema, v) {
		t.Errorf("%s %s: %s", method, route, p)
	}
}

// mismatch lists where v departs from schema (the subset of JSON Schema
// the document uses).
func (d *apiDoc) mismatch(at string, schema map[string]any, v any) []string {
	if ref, ok := schema["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		schema = d.doc["components"].(map[string]any)["schemas"].(map[string]any)[name].(map[string]any)
	}
	if one, ok := schema["oneOf"].([]any); ok {
		for _, s := range one {
			if len(d.mismatch(at, s.(map[string]any), v)) == 0 {
				return nil
			}
		}
		return []string{at + ": matches none of oneOf"}
	}
	var types []string
	switch t := schema["type"].(type) {
	case string:
		types = []string{t}
	case []any:
		for _, x := range t {
			types = append(types, x.(string))
		}
	}
	got := "null"
	switch x := v.(type) {
	case string:
		got = "string"
	case bool:
		got = "boolean"
	case float64:
		got = "number"
		if x == float64(int64(x)) {
			got = "integer"
		}
	case []any:
		got = "array"
	case map[string]any:
		got = "object"
	}
	if len(types) > 0 && !slices.Contains(types, got) && !(got == "integer" && slices.Contains(types, "number")) {
		return []string{fmt.Sprintf("%s: %s, documented %v", at, got, types)}
	}
	var out []string
	switch x := v.(type) {
	case []any:
		if items, ok := schema["items"].(map[string]any); ok {
			for i, it := range x {
				out = append(out, d.mismatch(fmt.Sprintf("%s[%d]", at, i), items, it)...)
			}
		}
	case map[string]any:
		props, _ := schema["properties"].(map[string]any)
		req, _ := schema["required"].([]any)
		for _, r := range req {
			if _, ok := x[r.(string)]; !ok {
				out = append(out, fmt.Sprintf("%s: no %s, which is required", at, r))
			}
		}
		for k, val := range x {
			if s, ok := props[k].(map[string]any); ok {
				out = append(out, d.mismatch(at+"."+k, s, val)...)
			} else if extra, ok := schema["additionalProperties"].(map[string]any); ok {
				out = append(out, d.mismatch(at+"."+k, extra, val)...)
			} else if schema["additionalProperties"] == false {
				out = append(out, fmt.Sprintf("%s: %s is not documented", at, k))
			}
		}
	}
	return out
}

// Every route of the API is in the document, and every documented route
// in the router.
func testOpenAPICoversTheRouter(t *testing.T, e *webtest.Env) {
	doc := openAPI(t, e)
	var routed, documented []string
	chi.Walk(e.Routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		route = strings.Replace(route, "/*/", "/", -1)
		if r, ok := strings.CutPrefix(route, api.Prefix); ok {
			routed = append(routed, method+" "+r)
		}
		return nil
	})
	for path, item := range doc.doc["paths"].(map[string]any) {
		for method := range item.(map[string]any) {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	sort.Strings(routed)
	sort.Strings(documented)
	for _, r := range routed {
		if !slices.Contains(documented, r) {
			t.Errorf("%s is routed but not documented", r)
		}
	}
	for _, r := range documented {
		if !slices.Contains(routed, r) {
			t.Errorf("%s is documented but not routed", r)
		}
	}
	if len(routed) < 25 {
		t.Errorf("only %d API routes found: %v", len(routed), routed)
	}
	// The check itself can fail: a missing, an extra and a mistyped field.
	me := doc.operation("GET", "/me")["responses"].(map[string]any)["200"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
	if got := doc.mismatch("$", me, map[string]any{"user_id": "one", "extra": 1}); len(got) < 3 {
		t.Errorf("a wrong body passes the check: %v", got)
	}
	// Every refusal is a Problem, documented with its members.
	p := doc.doc["components"].(map[string]any)["schemas"].(map[string]any)["Problem"].(map[string]any)
	for _, m := range []string{"type", "title", "status", "detail", "code"} {
		if !slices.Contains(p["required"].([]any), any(m)) {
			t.Errorf("Problem does not require %s", m)
		}
	}
}
