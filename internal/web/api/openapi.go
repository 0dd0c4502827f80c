package api

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"sync"
)

// The OpenAPI 3.1 document at /api/v1/openapi.json is made from this
// table and from the very Go types the handlers answer with, so a field
// added to a shape is documented with it. A test holds the table to the
// router (every route, both ways) and every answer of the lifecycle test
// to its documented shape.

type operation struct {
	Method, Path, Summary, Tag string
	Query                      []string // query parameters
	Body                       any      // the JSON body's shape (nil: none)
	Multipart                  bool     // the body is multipart/form-data (the completion report)
	Status                     int      // the answer when it works
	Answer                     any      // its shape
}

var operations = []operation{
	{"GET", "/openapi.json", "This document", "meta", nil, nil, false, 200, nil},
	{"GET", "/me", "Who the token acts as", "meta", nil, nil, false, 200, meJSON{}},

	{"GET", "/customer/enrollments", "Enrollments with their balances and ledgers (?all=1: every entry)", "customer", []string{"all"}, nil, false, 200, enrollmentsJSON{}},
	{"GET", "/customer/voucher-options", "The engagement types and project managers a voucher may be created with", "customer", nil, nil, false, 200, voucherOptionsJSON{}},
	{"GET", "/customer/vouchers", "The organisation's vouchers, a page at a time", "customer", voucherQuery, nil, false, 200, pageJSON[voucherJSON]{}},
	{"POST", "/customer/vouchers", "Create a voucher assigned to a project manager", "customer", nil, createVoucherJSON{}, false, 201, voucherJSON{}},
	{"GET", "/customer/vouchers/{id}", "A voucher with its timeline", "customer", nil, nil, false, 200, voucherDetailJSON{}},
	{"POST", "/customer/vouchers/{id}/reassign", "Assign the voucher to another project manager", "customer", nil, reassignJSON{}, false, 200, voucherJSON{}},
	{"POST", "/customer/vouchers/{id}/void", "Void an assigned voucher (its days go back)", "customer", nil, struct{}{}, false, 200, voucherJSON{}},

	{"GET", "/partner/eligibility", "What the partner may deliver, engagement type by type; its locations and consultants", "partner", nil, nil, false, 200, eligibilityListJSON{}},
	{"GET", "/partner/vouchers", "The vouchers the partner holds, a page at a time", "partner", voucherQuery, nil, false, 200, pageJSON[voucherJSON]{}},
	{"POST", "/partner/vouchers/validate", "Check a voucher ID with its project manager's email", "partner", nil, validateJSON{}, false, 200, voucherJSON{}},
	{"POST", "/partner/vouchers/reserve", "Reserve a validated voucher", "partner", nil, reserveJSON{}, false, 200, voucherJSON{}},
	{"POST", "/partner/vouchers/redeem", "Redeem several vouchers, each on its own", "partner", nil, bulkRedeemInJSON{}, false, 200, bulkRedeemJSON{}},
	{"GET", "/partner/vouchers/{id}", "A voucher with its timeline", "partner", nil, nil, false, 200, voucherDetailJSON{}},
	{"POST", "/partner/vouchers/{id}/cancel", "Cancel the reservation", "partner", nil, struct{}{}, false, 200, voucherJSON{}},
	{"POST", "/partner/vouchers/{id}/report", "Report the completion, with the deliverables", "partner", nil, nil, true, 200, voucherJSON{}},
	{"POST", "/partner/vouchers/{id}/redeem", "Redeem a reported voucher", "partner", nil, struct{}{}, false, 200, voucherJSON{}},
	{"POST", "/partner/vouchers/{id}/payment", "Request payment for a redeemed voucher", "partner", nil, struct{}{}, false, 200, paymentRequestedJSON{}},
	{"GET", "/partner/payments", "Payment requests, and the vouchers awaiting one", "partner", nil, nil, false, 200, partnerPaymentsJSON{}},

	{"GET", "/admin/organisations", "Organisations, by name", "admin", []string{"q", "kind", "cursor"}, nil, false, 200, orgPageJSON{}},
	{"GET", "/admin/enrollments", "Partner enrollment requests, pending and decided", "admin", nil, nil, false, 200, enrollmentQueueJSON{}},
	{"POST", "/admin/enrollments/{id}/decision", "Approve or reject an enrollment request", "admin", nil, decisionJSON{}, false, 200, enrollmentRequestJSON{}},
	{"GET", "/admin/vouchers", "Every voucher, a page at a time", "admin", append([]string{"q", "code"}, voucherQuery...), nil, false, 200, pageJSON[voucherJSON]{}},
	{"GET", "/admin/vouchers/{id}", "A voucher with its timeline", "admin", nil, nil, false, 200, voucherDetailJSON{}},
	{"POST", "/admin/vouchers/{id}/payment-decision", "Approve (with a reference) or deny (with a reason) a payment", "admin", nil, decisionJSON{}, false, 200, voucherJSON{}},
	{"GET", "/admin/payments", "Payment requests in a state (default requested)", "admin", []string{"state"}, nil, false, 200, paymentQueueJSON{}},
	{"GET", "/admin/audit", "The audit log, newest first", "admin", []string{"actor", "action", "org_id", "voucher_id", "from", "to", "cursor"}, nil, false, 200, auditPageJSON{}},
	{"GET", "/admin/policy", "The program's policy and schedule", "admin", nil, nil, false, 200, policyJSON{}},
}

var voucherQuery = []string{"state", "enrollment_id", "project_manager", "limit", "cursor"}

// Document is the OpenAPI document, as JSON.
var Document = sync.OnceValue(func() []byte {
	b, err := json.MarshalIndent(document(), "", "  ")
	if err != nil {
		panic(err)
	}
	return b
})

func serveOpenAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(Document())
}

type object = map[string]any

func document() object {
	paths := object{}
	for _, op := range operations {
		item, _ := paths[op.Path].(object)
		if item == nil {
			item = object{}
			paths[op.Path] = item
		}
		o := object{"summary": op.Summary, "tags": []string{op.Tag}, "operationId": operationID(op)}
		var params []object
		if strings.Contains(op.Path, "{id}") {
			params = append(params, object{"name": "id", "in": "path", "required": true, "schema": object{"type": "integer"}})
		}
		for _, q := range op.Query {
			params = append(params, object{"name": q, "in": "query", "schema": object{"type": "string"}})
		}
		if op.Method == "POST" {
			params = append(params, object{"name": "Idempotency-Key", "in": "header", "schema": object{"type": "string", "maxLength": maxKey},
				"description": "A retry with the same key answers the first answer and changes nothing; the same key with another request is 422."})
		}
		if params != nil {
			o["parameters"] = params
		}
		switch {
		case op.Multipart:
			o["requestBody"] = object{"required": true, "content": object{"multipart/form-data": object{"schema": object{
				"type": "object", "required": []string{"delivered_start", "delivered_end", "consultants", "summary", "files"},
				"properties": object{
					"delivered_start": object{"type": "string", "format": "date"}, "delivered_end": object{"type": "string", "format": "date"},
					"consultants": object{"type": "array", "items": object{"type": "integer"}}, "summary": object{"type": "string"},
					"next_steps": object{"type": "string"}, "files": object{"type": "array", "items": object{"type": "string", "contentMediaType": "application/octet-stream"}},
				}}}}}
		case op.Body != nil:
			o["requestBody"] = object{"content": object{"application/json": object{"schema": schemaOf(reflect.TypeOf(op.Body))}}}
		}
		answer := object{"description": "OK"}
		if op.Answer != nil {
			answer["content"] = object{"application/json": object{"schema": schemaOf(reflect.TypeOf(op.Answer))}}
		}
		problem := object{"description": "A refusal", "content": object{"application/problem+json": object{"schema": object{"$ref": "#/components/schemas/Problem"}}}}
		o["responses"] = object{itoa(int64(op.Status)): answer, "default": problem}
		if op.Path == "/openapi.json" {
			o["security"] = []object{}
		}
		item[strings.ToLower(op.Method)] = o
	}
	return object{
		"openapi": "3.1.0",
		"info": object{"title": "Planning Services portal API", "version": "1",
			"description": "The portal's use cases for scripts. Authenticate with a personal API token (account page) as Authorization: Bearer <token>. Refusals are RFC 9457 problem details with the domain's stable code, rule and date; the detail is in the language of Accept-Language (en, fr). Dates are YYYY-MM-DD in the program's time zone. Each token's requests are rate limited (RateLimit-* headers, 429 with Retry-After)."},
		"servers":    []object{{"url": Prefix}},
		"security":   []object{{"bearer": []string{}}},
		"paths":      paths,
		"components": object{"securitySchemes": object{"bearer": object{"type": "http", "scheme": "bearer"}}, "schemas": object{"Problem": schemaOf(reflect.TypeOf(Problem{}))}},
	}
}

func operationID(op operation) string {
	id := strings.ToLower(op.Method)
	for _, part := range strings.Split(op.Path, "/") {
		part = strings.Trim(part, "{}")
		for _, w := range strings.FieldsFunc(part, func(r rune) bool { return r == '-' || r == '.' || r == '_' }) {
			id += strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return id
}

// schemaOf is the JSON Schema of the JSON encoding/json makes of t: every
// field without omitempty is required, and no other property appears.
func schemaOf(t reflect.Type) object {
	switch t.Kind() {
	case reflect.Pointer:
		s := schemaOf(t.Elem())
		if typ, ok := s["type"].(string); ok {
			s["type"] = []string{typ, "null"}
		} else {
			s = object{"oneOf": []object{s, {"type": "null"}}}
		}
		return s
	case reflect.String:
		return object{"type": "string"}
	case reflect.Bool:
		return object{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return object{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return object{"type": "number"}
	case reflect.Slice, reflect.Array:
		s := object{"type": "array", "items": schemaOf(t.Elem())}
		if t.Kind() == reflect.Array {
			s["minItems"], s["maxItems"] = t.Len(), t.Len()
		}
		return s
	case reflect.Map:
		if t.Elem().Kind() == reflect.Interface {
			return object{"type": "object"}
		}
		return object{"type": "object", "additionalProperties": schemaOf(t.Elem())}
	case reflect.Struct:
		props, required := object{}, []string{}
		for i := range t.NumField() {
			f := t.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			props[name] = schemaOf(f.Type)
			if !strings.Contains(opts, "omitempty") {
				required = append(required, name)
			}
		}
		return object{"type": "object", "properties": props, "required": required, "additionalProperties": false}
	}
	return object{}
}
