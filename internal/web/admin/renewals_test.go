package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"sapsportal/internal/web/webtest"
)

// The admin's enrollments page shows renewal requests to approve or reject.
func TestRenewalDecisions(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("admin@program.example")
	p := b.Get("/admin/enrollments")
	card := p.Doc.Find(`[data-testid=renewal-request][data-offering="SSDPS"]`)
	if !strings.Contains(card.Text(), "Enrolled until 31 March 2021; if approved, until 31 March 2022.") {
		t.Fatalf("renewal card: %q", card.Text())
	}
	id := strconv.Itoa(e.Count("SELECT id FROM enrollment_renewals WHERE status = 'requested'"))
	if r := b.Post("/admin/renewals/"+id+"/reject", url.Values{"reason": {""}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("reject without a reason: %d", r.Status)
	}
	if r := b.Post("/admin/renewals/"+id+"/approve", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d %q", r.Status, r.Text("[data-testid=refusal]"))
	}
	if e.Count("SELECT count(*) FROM partner_enrollments WHERE offering_code = 'SSDPS' AND valid_to = '2022-03-31'") != 1 {
		t.Error("the enrollment does not run to 2022-03-31")
	}
	if r := b.Post("/admin/renewals/"+id+"/approve", nil); r.Status != http.StatusConflict {
		t.Errorf("approving twice: %d", r.Status)
	}
	if !strings.Contains(b.Get("/admin/enrollments").Text("main"), "No renewal is waiting.") {
		t.Error("the decided request is still listed")
	}
}
