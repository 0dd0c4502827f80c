package customer_test

import (
	"context"
	"testing"

	"sapsportal/internal/app"
	"sapsportal/internal/web/webtest"
)

// The pages people open most, end to end over HTTP and a real PostgreSQL
// (sessions, row-level security, templates): go test -bench . ./internal/web/customer/
func BenchmarkPages(b *testing.B) {
	e := webtest.New(b)
	ctx := context.Background()
	ben := e.Demo.Actor("benefits@contoso.example")
	c1 := e.Demo.Enrollments["SA-CONTOSO-US-01"]
	if err := e.App.ActivateBenefit(ctx, ben, c1); err != nil {
		b.Fatal(err)
	}
	for range 40 { // a busier customer: 45 vouchers
		if _, err := e.App.CreateVoucher(ctx, ben, app.CreateVoucherInput{EnrollmentID: c1, EngagementTypeID: typeID(e, "SharePoint Deployment Planning"), Days: 1, ProjectManagerEmail: "pm@contoso.example"}); err != nil {
			b.Fatal(err)
		}
	}
	br := e.SignIn("benefits@contoso.example")
	detail := "/customer/vouchers/" + id(e.Demo.Vouchers["contoso-paid"].ID)
	for _, path := range []string{"/customer", "/customer/vouchers", detail, "/customer/days"} {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				if p := br.Get(path); p.Status != 200 {
					b.Fatalf("%s: %d", path, p.Status)
				}
			}
		})
	}
}
