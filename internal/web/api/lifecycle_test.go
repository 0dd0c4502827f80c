package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"sapsportal/internal/program"
	"sapsportal/internal/web/webtest"
)

// TestLifecycleThroughTheAPI walks one voucher from its creation to its
// payment through the API alone, each person with a token made on their
// account page.
func TestLifecycleThroughTheAPI(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	customer := makeToken(t, e, "benefits@contoso.example", "Contoso script", nil)
	partner := makeToken(t, e, "partner@fabrikam.example", "Fabrikam script", nil)
	admin := makeToken(t, e, "admin@program.example", "Program script", nil)
	sharePoint := e.Count(`SELECT id FROM engagement_types WHERE name = 'SharePoint Deployment Planning'`)
	enrollment := e.Demo.Enrollments["SA-CONTOSO-US-02"]
	doc := openAPI(t, e)

	check := func(a answer, want int, method, route string) map[string]any {
		t.Helper()
		m := must(t, a, want, method+" "+route)
		doc.conforms(t, method, route, a.Status, a.Body)
		return m
	}

	me := check(customer.get("/me"), 200, "GET", "/me")
	if me["role"] != "benefit_admin" || me["token_name"] != "Contoso script" {
		t.Errorf("me: %v", me)
	}
	before := check(customer.get("/customer/enrollments"), 200, "GET", "/customer/enrollments")
	opts := check(customer.get("/customer/voucher-options"), 200, "GET", "/customer/voucher-options")
	if len(opts["engagement_types"].([]any)) == 0 {
		t.Errorf("no engagement types: %v", opts)
	}
	balance := func(m map[string]any) int64 {
		for _, it := range m["items"].([]any) {
			if en := it.(map[string]any); num(en["id"]) == enrollment {
				return num(en["balance"])
			}
		}
		t.Fatalf("no enrollment %d in %v", enrollment, m)
		return 0
	}

	v := check(customer.post("/customer/vouchers", map[string]any{"enrollment_id": enrollment, "engagement_type_id": sharePoint,
		"days": 3, "project_manager_email": "pm@contoso.example"}), 201, "POST", "/customer/vouchers")
	id, code := num(v["id"]), v["code"].(string)
	if v["state"] != string(program.Assigned) || v["expires_on"] != "2021-08-28" {
		t.Errorf("created: %v", v)
	}
	after := check(customer.get("/customer/enrollments"), 200, "GET", "/customer/enrollments")
	if balance(before)-balance(after) != 3 {
		t.Errorf("balance %d → %d, want 3 days taken", balance(before), balance(after))
	}
	list := check(customer.get("/customer/vouchers?state="+string(program.Assigned)+"&limit=1"), 200, "GET", "/customer/vouchers")
	if len(list["items"].([]any)) != 1 || list["next_cursor"] == "" {
		t.Errorf("first page of one: %v", list)
	}
	check(customer.get("/customer/vouchers?state="+string(program.Assigned)+"&cursor="+url.QueryEscape(list["next_cursor"].(string))), 200, "GET", "/customer/vouchers")
	check(customer.post(fmt.Sprintf("/customer/vouchers/%d/reassign", id), map[string]any{"project_manager_email": "lead@contoso.example"}),
		200, "POST", "/customer/vouchers/{id}/reassign")

	el := check(partner.get("/partner/eligibility"), 200, "GET", "/partner/eligibility")
	check(partner.post("/partner/vouchers/validate", map[string]any{"voucher_code": code, "project_manager_email": "lead@contoso.example"}),
		200, "POST", "/partner/vouchers/validate")
	// The location and consultant, as the API lists them.
	loc := el["locations"].([]any)[0].(map[string]any)
	cons := el["consultants"].([]any)[0].(map[string]any)
	consultant := num(cons["id"])
	if loc["name"] != "Fabrikam Seattle" || cons["email"] != "consultant@fabrikam.example" {
		t.Errorf("eligibility's locations and consultants: %v %v", loc, cons)
	}
	r := check(partner.post("/partner/vouchers/reserve", map[string]any{"voucher_code": code, "project_manager_email": "lead@contoso.example",
		"location_id": num(loc["id"]), "start_on": "2021-03-08", "consultants": []int64{consultant}, "terms_accepted": true}),
		200, "POST", "/partner/vouchers/reserve")
	if r["state"] != string(program.Reserved) || r["reserved_start"] != "2021-03-08" {
		t.Errorf("reserved: %v", r)
	}

	e.SetDate(program.D(2021, 3, 12))
	ct, body := multipartBody(t, url.Values{"delivered_start": {"2021-03-08"}, "delivered_end": {"2021-03-10"},
		"consultants": {fmt.Sprint(consultant)}, "summary": {"Workshops held."}, "next_steps": {"Pilot."}},
		map[string]string{"plan.txt": "Deployment plan\n"})
	check(partner.do(http.MethodPost, fmt.Sprintf("/partner/vouchers/%d/report", id), ct, body, nil), 200, "POST", "/partner/vouchers/{id}/report")
	red := check(partner.post("/partner/vouchers/redeem", map[string]any{"voucher_ids": []int64{id}}), 200, "POST", "/partner/vouchers/redeem")
	if res := red["results"].([]any)[0].(map[string]any); res["ok"] != true {
		t.Errorf("bulk redeem: %v", red)
	}
	pay := check(partner.post(fmt.Sprintf("/partner/vouchers/%d/payment", id), nil), 200, "POST", "/partner/vouchers/{id}/payment")
	if pay["voucher"].(map[string]any)["state"] != string(program.PaymentRequested) {
		t.Errorf("payment requested: %v", pay)
	}
	check(partner.get("/partner/payments"), 200, "GET", "/partner/payments")
	check(partner.get("/partner/vouchers"), 200, "GET", "/partner/vouchers")
	check(partner.get(fmt.Sprintf("/partner/vouchers/%d", id)), 200, "GET", "/partner/vouchers/{id}")

	check(admin.get("/admin/payments"), 200, "GET", "/admin/payments")
	paid := check(admin.post(fmt.Sprintf("/admin/vouchers/%d/payment-decision", id), map[string]any{"decision": "approve", "reference": "PAY-API-1"}),
		200, "POST", "/admin/vouchers/{id}/payment-decision")
	if paid["state"] != string(program.Paid) {
		t.Errorf("approved: %v", paid)
	}
	d := check(customer.get(fmt.Sprintf("/customer/vouchers/%d", id)), 200, "GET", "/customer/vouchers/{id}")
	var actions []string
	tokens := map[string]bool{}
	for _, ev := range d["timeline"].([]any) {
		m := ev.(map[string]any)
		actions = append(actions, m["action"].(string))
		tokens[fmt.Sprint(m["details"].(map[string]any)["api_token"])] = true
	}
	if len(actions) < 7 {
		t.Errorf("timeline: %v", actions)
	}
	for _, name := range []string{"Contoso script", "Fabrikam script", "Program script"} {
		if !tokens[name] {
			t.Errorf("no audit event names the token %q: %v", name, tokens)
		}
	}
	check(admin.get("/admin/organisations"), 200, "GET", "/admin/organisations")
	check(admin.get("/admin/enrollments"), 200, "GET", "/admin/enrollments")
	check(admin.get("/admin/vouchers?state="+string(program.Paid)), 200, "GET", "/admin/vouchers")
	check(admin.get(fmt.Sprintf("/admin/vouchers/%d", id)), 200, "GET", "/admin/vouchers/{id}")
	au := check(admin.get("/admin/audit"), 200, "GET", "/admin/audit")
	check(admin.get("/admin/audit?cursor="+au["next_cursor"].(string)), 200, "GET", "/admin/audit")
	check(admin.get("/admin/policy"), 200, "GET", "/admin/policy")
}
