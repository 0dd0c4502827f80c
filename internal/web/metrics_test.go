package web_test

import (
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sapsportal/internal/web/webtest"
)

func TestMetricsForOperators(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("benefits@contoso.example")
	b.Get("/customer/vouchers/" + itoa(e.Demo.Vouchers["contoso-assigned"].ID))
	e.Browser().Post("/login", url.Values{"email": {"nobody@contoso.example"}, "password": {"wrong"}})
	p := e.Browser().Get("/metrics")
	if p.Status != http.StatusOK {
		t.Fatalf("/metrics from loopback: %d", p.Status)
	}
	for _, want := range []string{
		`sapsportal_http_requests_total{method="GET",route="/customer/vouchers/{id}",status="200"} 1`,
		`sapsportal_sign_in_failures_total 1`,
		`sapsportal_db_pool_connections{state="acquired"}`,
		`sapsportal_db_transaction_retries_total`,
		`sapsportal_sweep_lag_seconds`,
		`sapsportal_outbox_unsent`,
		`sapsportal_db_up 1`,
	} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	// No personal data in labels: routes, never paths or emails.
	if strings.Contains(p.Body, "@") || strings.Contains(p.Body, "/customer/vouchers/"+itoa(e.Demo.Vouchers["contoso-assigned"].ID)) {
		t.Error("a label carries a path or an email")
	}
}

func TestMetricsAreNotPublic(t *testing.T) {
	t.Parallel()
	_, nowhere, _ := net.ParseCIDR("192.0.2.0/24")
	e := webtest.NewWith(t, webtest.Options{MetricsFrom: []*net.IPNet{nowhere}, MetricsToken: "s3cret-token"})
	if p := e.Browser().Get("/metrics"); p.Status != http.StatusNotFound {
		t.Errorf("/metrics from an address not allowed: %d", p.Status)
	}
	req, _ := http.NewRequest(http.MethodGet, e.Server.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer s3cret-token")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("/metrics with the token: %v %v", resp, err)
	}
	if resp != nil {
		resp.Body.Close()
	}
}
