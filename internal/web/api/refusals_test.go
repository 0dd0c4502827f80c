package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sapsportal/internal/program"
	"sapsportal/internal/web/webtest"
)

type multipartRequest struct {
	contentType string
	body        []byte
}

// TestEveryRefusalAsProblem reaches each refusal of the domain that the
// API can meet, and each of the API's own, and checks its problem+json:
// the stable code and its type URI, the rule and the date where the rule
// has them, the fields of bad input, and that nothing changed. The cases
// run in order on one portal, moving its clock as they need.
func TestEveryRefusalAsProblem(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	long := url.Values{"token_days": {"365"}} // the clock moves months ahead
	customer := makeToken(t, e, "benefits@contoso.example", "refusals customer", long)
	pm := makeToken(t, e, "pm@contoso.example", "refusals pm", long)
	partner := makeToken(t, e, "partner@fabrikam.example", "refusals partner", long)
	fabAdmin := makeToken(t, e, "globaladmin@fabrikam.example", "refusals pga", long)
	northwind := makeToken(t, e, "partner@northwind.example", "refusals northwind", long)
	admin := makeToken(t, e, "admin@program.example", "refusals admin", long)

	typeID := func(name string) int { return e.Count(`SELECT id FROM engagement_types WHERE name = $1`, name) }
	c1, c2 := e.Demo.Enrollments["SA-CONTOSO-US-01"], e.Demo.Enrollments["SA-CONTOSO-US-02"]
	sharePoint, exchange, azure := typeID("SharePoint Deployment Planning"), typeID("Exchange Deployment Planning"), typeID("Azure Cloud Migration Planning")
	consultant := e.Demo.Users["consultant@fabrikam.example"]
	unqualified := int64(e.Count(`WITH u AS (INSERT INTO users (email) VALUES ('new@fabrikam.example') RETURNING id),
		m AS (INSERT INTO memberships (user_id, org_id, role) SELECT id, $1, 'consultant' FROM u) SELECT id FROM u`, e.Demo.Orgs["Fabrikam Consulting"]))
	seattle := e.Demo.Locations["Fabrikam Seattle"]
	v := func(name string) program.Voucher { return e.Demo.Vouchers[name] }
	create := func(enrollment int64, typ, days int) map[string]any {
		return map[string]any{"enrollment_id": enrollment, "engagement_type_id": typ, "days": days, "project_manager_email": "pm@contoso.example"}
	}
	reserve := func(code program.Code12, start string, consultants ...int64) map[string]any {
		return map[string]any{"voucher_code": string(code), "project_manager_email": "pm@contoso.example", "location_id": seattle,
			"start_on": start, "consultants": consultants, "terms_accepted": true}
	}
	// A voucher of a type Fabrikam is not enrolled for, and one walked to
	// REPORTED for the late steps.
	exchangeVoucher := must(t, customer.post("/customer/vouchers", create(c2, exchange, 1)), 201, "exchange voucher")
	late := must(t, customer.post("/customer/vouchers", create(c2, sharePoint, 1)), 201, "late voucher")
	lateID := num(late["id"])
	must(t, partner.post("/partner/vouchers/reserve", reserve(program.Code12(strings.ReplaceAll(late["code"].(string), "-", "")), "2021-03-02", consultant)), 200, "reserve late")
	e.SetDate(program.D(2021, 3, 4))
	ct, body := multipartBody(t, url.Values{"delivered_start": {"2021-03-02"}, "delivered_end": {"2021-03-02"}, "consultants": {fmt.Sprint(consultant)},
		"summary": {"Done."}}, map[string]string{"plan.txt": "plan\n"})
	must(t, partner.do(http.MethodPost, fmt.Sprintf("/partner/vouchers/%d/report", lateID), ct, body, nil), 200, "report late")

	rct, rbody := multipartBody(t, url.Values{"delivered_start": {"2021-03-01"}, "delivered_end": {"2021-03-03"}, "consultants": {fmt.Sprint(unqualified)},
		"summary": {"Done."}}, map[string]string{"plan.txt": "plan\n"})
	unqualifiedReport := multipartRequest{rct, rbody}
	big := bytes.Repeat([]byte(" "), 2<<20)
	for _, tc := range []struct {
		name     string
		c        *client
		setup    func()
		method   string
		path     string
		body     any // JSON, or []byte as it is
		status   int
		code     string
		dated    bool   // the refusal names the date its rule turns on
		field    string // the field of invalid input
		unchange string // a count that must not change
	}{
		{name: "creation closed", c: customer, setup: func() { e.SetDate(program.D(2021, 7, 1)) }, method: "POST", path: "/customer/vouchers",
			body: create(c2, sharePoint, 1), status: 409, code: "creation_closed", dated: true},
		{name: "benefit not active", c: customer, setup: func() { e.SetDate(program.D(2021, 3, 4)) }, method: "POST", path: "/customer/vouchers",
			body: create(c1, sharePoint, 1), status: 409, code: "benefit_not_active"},
		{name: "cloud retired", c: customer, method: "POST", path: "/customer/vouchers", body: create(c2, azure, 1), status: 409, code: "cloud_engagement_retired", dated: true},
		{name: "insufficient days", c: customer, setup: func() {
			must(t, customer.post("/customer/vouchers", create(c2, sharePoint, 15)), 201, "15 days")
		}, method: "POST", path: "/customer/vouchers", body: create(c2, sharePoint, 5), status: 409, code: "insufficient_days"},
		{name: "length not allowed", c: customer, method: "POST", path: "/customer/vouchers", body: create(c2, sharePoint, 2), status: 422, code: "invalid_input", field: "days"},
		{name: "role", c: pm, method: "POST", path: "/customer/vouchers", body: create(c2, sharePoint, 1), status: 403, code: "not_allowed"},
		{name: "wrong state", c: customer, method: "POST", path: fmt.Sprintf("/customer/vouchers/%d/void", v("contoso-reserved").ID), status: 409, code: "wrong_state"},
		{name: "another tenant's voucher", c: customer, method: "POST", path: fmt.Sprintf("/customer/vouchers/%d/void", v("tailspin-assigned").ID), status: 404, code: "not_found"},
		{name: "no such voucher ID", c: partner, method: "POST", path: "/partner/vouchers/validate",
			body: map[string]any{"voucher_code": string(v("contoso-assigned").Code), "project_manager_email": "someone@contoso.example"}, status: 404, code: "not_found"},
		{name: "already reserved", c: partner, method: "POST", path: "/partner/vouchers/reserve", body: reserve(v("contoso-reserved").Code, "2021-03-20", consultant),
			status: 409, code: "already_reserved"},
		{name: "not enrolled", c: partner, method: "POST", path: "/partner/vouchers/reserve",
			body: reserve(program.Code12(strings.ReplaceAll(exchangeVoucher["code"].(string), "-", "")), "2021-03-20", consultant), status: 409, code: "not_enrolled"},
		{name: "no location in the country", c: partner, method: "POST", path: "/partner/vouchers/reserve",
			body: map[string]any{"voucher_code": string(v("tailspin-assigned").Code), "project_manager_email": "it@tailspin.example", "location_id": seattle,
				"start_on": "2021-03-20", "consultants": []int64{consultant}, "terms_accepted": true}, status: 409, code: "no_location_in_country"},
		{name: "no qualifying competency", c: northwind, method: "POST", path: "/partner/vouchers/reserve",
			body: map[string]any{"voucher_code": string(v("tailspin-assigned").Code), "project_manager_email": "it@tailspin.example", "location_id": e.Demo.Locations["Northwind Paris"],
				"start_on": "2021-03-20", "consultants": []int64{}, "terms_accepted": true}, status: 409, code: "no_qualifying_competency"},
		{name: "no qualified consultant", c: partner, method: "POST", path: fmt.Sprintf("/partner/vouchers/%d/report", v("contoso-reserved").ID),
			body: unqualifiedReport, status: 409, code: "no_qualified_consultant"},
		{name: "outside validity", c: partner, method: "POST", path: "/partner/vouchers/reserve", body: reserve(v("contoso-assigned").Code, "2021-12-01", consultant),
			status: 409, code: "engagement_outside_validity", dated: true},
		{name: "start not a date", c: partner, method: "POST", path: "/partner/vouchers/reserve", body: reserve(v("contoso-assigned").Code, "1 March", consultant),
			status: 422, code: "invalid_input", field: "start_on"},
		{name: "voucher expired", c: partner, setup: func() { e.SetDate(program.D(2021, 8, 20)) }, method: "POST", path: "/partner/vouchers/reserve",
			body: reserve(v("contoso-assigned").Code, "2021-08-23", consultant), status: 409, code: "voucher_expired", dated: true},
		{name: "redemption closed", c: partner, setup: func() {
			e.SetDate(program.D(2021, 3, 5))
			e.Exec(`UPDATE policy SET last_day_to_redeem = '2021-03-04'`)
		}, method: "POST", path: fmt.Sprintf("/partner/vouchers/%d/redeem", lateID), status: 409, code: "redemption_closed", dated: true},
		{name: "redeemed, not registered for payment", c: partner, setup: func() {
			e.Exec(`UPDATE policy SET last_day_to_redeem = '2022-01-01'`)
			must(t, partner.post(fmt.Sprintf("/partner/vouchers/%d/redeem", lateID), nil), 200, "redeem late")
			e.Exec(`DELETE FROM payment_registrations WHERE org_id = $1`, e.Demo.Orgs["Fabrikam Consulting"])
		}, method: "POST", path: fmt.Sprintf("/partner/vouchers/%d/payment", lateID), status: 409, code: "not_registered_for_payment"},
		{name: "no payment rate", c: partner, setup: func() {
			e.Exec(`INSERT INTO payment_registrations (org_id, location_id, payee_name, payment_reference, created_at) VALUES ($1, $2, 'Fabrikam', 'US-1', now())`,
				e.Demo.Orgs["Fabrikam Consulting"], seattle)
			e.Exec(`UPDATE payment_rates SET valid_from = '2030-01-01' WHERE country = 'US'`)
		}, method: "POST", path: fmt.Sprintf("/partner/vouchers/%d/payment", lateID), status: 409, code: "no_payment_rate", dated: true},
		{name: "payment window closed", c: partner, setup: func() {
			e.Exec(`UPDATE payment_rates SET valid_from = '2019-01-01' WHERE country = 'US'`)
			e.SetDate(program.D(2021, 5, 5)) // redeemed 2021-03-05: the last day was 2021-05-04
		}, method: "POST", path: fmt.Sprintf("/partner/vouchers/%d/payment", lateID), status: 409, code: "payment_window_closed", dated: true},
		{name: "agreement not signed", c: northwind, setup: func() {
			e.SetDate(program.D(2021, 3, 4))
			e.Exec(`DELETE FROM partner_agreements WHERE org_id = $1`, e.Demo.Orgs["Northwind Advisors"])
		}, method: "POST", path: "/partner/vouchers/validate",
			body: map[string]any{"voucher_code": string(v("tailspin-assigned").Code), "project_manager_email": "it@tailspin.example"}, status: 409, code: "agreement_not_signed"},
		{name: "reason needed", c: admin, method: "POST", path: fmt.Sprintf("/admin/enrollments/%d/decision", e.Count(`SELECT min(id) FROM partner_enrollments`)),
			body: map[string]any{"decision": "reject"}, status: 422, code: "invalid_input", field: "reason"},
		{name: "a decision of neither", c: admin, method: "POST", path: fmt.Sprintf("/admin/vouchers/%d/payment-decision", v("contoso-payment-requested").ID),
			body: map[string]any{"decision": "maybe"}, status: 422, code: "invalid_input", field: "decision"},

		// The API's own refusals.
		{name: "malformed JSON", c: customer, method: "POST", path: "/customer/vouchers", body: []byte(`{"days": `), status: 400, code: "malformed_body"},
		{name: "unknown field", c: customer, method: "POST", path: "/customer/vouchers", body: []byte(`{"dayz": 1}`), status: 422, code: "invalid_input", field: "dayz"},
		{name: "wrong type", c: customer, method: "POST", path: "/customer/vouchers", body: []byte(`{"days": "three"}`), status: 422, code: "invalid_input", field: "days"},
		{name: "bad cursor", c: customer, method: "GET", path: "/customer/vouchers?cursor=nonsense", status: 422, code: "invalid_input", field: "cursor"},
		{name: "too large", c: customer, method: "POST", path: "/customer/vouchers", body: big, status: 413, code: "body_too_large"},
		{name: "not JSON", c: customer, method: "POST", path: "/customer/vouchers", body: "text", status: 415, code: "unsupported_media_type"},
		{name: "method", c: customer, method: "GET", path: fmt.Sprintf("/customer/vouchers/%d/void", v("contoso-assigned").ID), status: 405, code: "method_not_allowed"},
		{name: "no such route", c: customer, method: "GET", path: "/customer/nothing", status: 404, code: "not_found"},
		{name: "another area", c: customer, method: "GET", path: "/admin/policy", status: 404, code: "not_found"},
		{name: "no token", c: &client{t: t, e: e}, method: "GET", path: "/me", status: 401, code: "unauthorized"},
		{name: "too many validations", c: fabAdmin, setup: func() {
			for range 10 {
				fabAdmin.post("/partner/vouchers/validate", map[string]any{"voucher_code": string(v("contoso-assigned").Code), "project_manager_email": "x@contoso.example"})
			}
		}, method: "POST", path: "/partner/vouchers/validate",
			body: map[string]any{"voucher_code": string(v("contoso-assigned").Code), "project_manager_email": "x@contoso.example"}, status: 429, code: "too_many_attempts"},
	} {
		if tc.setup != nil {
			tc.setup()
		}
		vouchers := e.Count(`SELECT count(*) FROM vouchers`)
		events := e.Count(`SELECT count(*) FROM audit_events`)
		var a answer
		switch b := tc.body.(type) {
		case nil:
			a = tc.c.do(tc.method, tc.path, "", nil, nil)
		case []byte:
			a = tc.c.do(tc.method, tc.path, "application/json", b, nil)
		case string:
			a = tc.c.do(tc.method, tc.path, "text/plain", []byte(b), nil)
		case multipartRequest:
			a = tc.c.do(tc.method, tc.path, b.contentType, b.body, nil)
		default:
			a = tc.c.post(tc.path, b)
		}
		if a.Status != tc.status || !strings.HasPrefix(a.Header.Get("Content-Type"), "application/problem+json") {
			t.Errorf("%s: %d %s, want %d problem+json: %s", tc.name, a.Status, a.Header.Get("Content-Type"), tc.status, a.Body)
			continue
		}
		p := a.json(t)
		if p["code"] != tc.code || p["type"] != "https://sapsportal.example/problems/"+tc.code || num(p["status"]) != int64(tc.status) ||
			p["title"] == "" || p["detail"] == "" {
			t.Errorf("%s: %s", tc.name, a.Body)
		}
		if d, _ := p["date"].(string); tc.dated != (d != "") || (tc.dated && p["rule"] == "") {
			t.Errorf("%s: rule %v, date %v (want a date: %v)", tc.name, p["rule"], p["date"], tc.dated)
		} else if _, err := program.ParseDate(d); tc.dated && err != nil {
			t.Errorf("%s: date %q", tc.name, d)
		}
		if tc.field != "" {
			errs, _ := p["errors"].([]any)
			if len(errs) != 1 || errs[0].(map[string]any)["field"] != tc.field || errs[0].(map[string]any)["detail"] == "" {
				t.Errorf("%s: errors %v, want field %s", tc.name, p["errors"], tc.field)
			}
		}
		if e.Count(`SELECT count(*) FROM vouchers`) != vouchers || e.Count(`SELECT count(*) FROM audit_events`) != events {
			t.Errorf("%s: something changed", tc.name)
		}
	}
	// In French when asked: the domain's message, and its date written the French way.
	customer.lang = "fr"
	e.SetDate(program.D(2021, 7, 1))
	p := customer.post("/customer/vouchers", create(c2, sharePoint, 1)).json(t)
	if !strings.Contains(p["detail"].(string), "juin") || p["date"] != "2021-06-30" {
		t.Errorf("French: %v", p)
	}
}
