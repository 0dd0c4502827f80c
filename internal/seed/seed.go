// Package seed writes the demo: the organisations, people and history that
// `make run` starts with and that the tests use as fixtures.
//
// History is made the way it would have happened: the use cases run with a
// clock set to past dates, so every ledger entry, voucher and audit event is
// one the rules would have produced.
package seed

import (
	"context"
	"fmt"
	"sync"
	"time"

	"sapsportal/internal/app"
	"sapsportal/internal/auth"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// Password is every demo account's password.
const Password = "demo-password"

// Date is the demo's simulated date.
var Date = program.D(2021, time.March, 1)

// Account is a demo sign-in.
type Account struct {
	Email string
	Org   string
	Role  program.Role
}

// Accounts are the demo's people, as the README lists them.
var Accounts = []Account{
	{"admin@program.example", "Planning Services Program", program.GlobalAdmin},
	{"benefits@contoso.example", "Contoso Ltd", program.BenefitAdmin},
	{"pm@contoso.example", "Contoso Ltd", program.ProjectManager},
	{"benefits@tailspin.example", "Tailspin Toys", program.BenefitAdmin},
	{"globaladmin@fabrikam.example", "Fabrikam Consulting", program.PartnerGlobalAdmin},
	{"partner@fabrikam.example", "Fabrikam Consulting", program.PartnerAdmin},
	{"consultant@fabrikam.example", "Fabrikam Consulting", program.Consultant},
	{"partner@northwind.example", "Northwind Advisors", program.PartnerAdmin},
}

// Demo is what the seed made, for tests to refer to.
type Demo struct {
	Orgs        map[string]int64 // by name
	Users       map[string]int64 // by email
	Enrollments map[string]int64 // by agreement number
	Vouchers    map[string]program.Voucher
	Locations   map[string]int64
}

// Actor is a demo account acting for its organisation.
func (d *Demo) Actor(email string) app.Actor {
	for _, a := range Accounts {
		if a.Email == email {
			return app.Actor{UserID: d.Users[email], Email: email, OrgID: d.Orgs[a.Org], OrgKind: a.Role.Kind(), Role: a.Role}
		}
	}
	panic("no demo account " + email)
}

// clock is the seed's hand-moved clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) on(d program.Date) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = d.In(time.UTC).Add(10 * time.Hour)
}

// IsEmpty reports whether no organisation exists yet: the demo is seeded
// only into an empty database.
func IsEmpty(ctx context.Context, s *store.Store) (bool, error) {
	var n int
	err := s.Transact(ctx, store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		return tx.QueryRow(ctx, "SELECT count(*) FROM organisations").Scan(&n)
	})
	return n == 0, err
}

// Run seeds the demo into an empty database.
func Run(ctx context.Context, s *store.Store) (*Demo, error) {
	d := &Demo{Orgs: map[string]int64{}, Users: map[string]int64{}, Enrollments: map[string]int64{},
		Vouchers: map[string]program.Voucher{}, Locations: map[string]int64{}}
	clk := &clock{}
	a := app.New(s, clk, nil)
	clk.on(program.D(2019, 12, 1))
	hash, err := auth.HashPassword(Password)
	if err != nil {
		return nil, err
	}
	if err := d.organisations(ctx, s, clk.Now(), hash); err != nil {
		return nil, fmt.Errorf("seed organisations: %w", err)
	}
	if err := d.history(ctx, a, clk); err != nil {
		return nil, fmt.Errorf("seed history: %w", err)
	}
	return d, nil
}

func (d *Demo) organisations(ctx context.Context, s *store.Store, now time.Time, hash string) error {
	return s.Transact(ctx, store.Scope{Program: true, RequestID: "seed"}, now, func(tx *store.Tx) error {
		for _, o := range []struct {
			name string
			kind program.OrgKind
		}{
			{"Planning Services Program", program.KindProgram}, {"Contoso Ltd", program.KindCustomer},
			{"Tailspin Toys", program.KindCustomer}, {"Fabrikam Consulting", program.KindPartner},
			{"Northwind Advisors", program.KindPartner},
		} {
			id, err := tx.CreateOrg(ctx, o.name, o.kind)
			if err != nil {
				return err
			}
			d.Orgs[o.name] = id
		}
		for _, acc := range Accounts {
			id, err := tx.CreateUser(ctx, acc.Email, "", hash)
			if err != nil {
				return err
			}
			d.Users[acc.Email] = id
			if err := tx.AddMembership(ctx, id, d.Orgs[acc.Org], acc.Role); err != nil {
				return err
			}
		}
		for _, e := range []struct {
			org, number, country string
			saEnd                program.Date
		}{
			{"Contoso Ltd", "SA-CONTOSO-US-01", "US", program.D(2022, 6, 30)},
			{"Contoso Ltd", "SA-CONTOSO-US-02", "US", program.D(2022, 6, 30)},
			{"Tailspin Toys", "SA-TAILSPIN-FR-01", "FR", program.D(2022, 6, 30)},
			// Its SA lapsed on 2020-11-30: the voucher on it forfeits (DOMAIN.md §9).
			{"Tailspin Toys", "SA-TAILSPIN-FR-02", "FR", program.D(2020, 11, 30)},
		} {
			id, err := tx.CreateEnrollment(ctx, d.Orgs[e.org], e.number, e.country, e.saEnd)
			if err != nil {
				return err
			}
			d.Enrollments[e.number] = id
		}
		// Sample exams and payment rates (DOMAIN.md §3 leaves their values to the program).
		if _, err := tx.Exec(ctx, `INSERT INTO exams (code, name, competency_id)
			SELECT x.code, x.name, c.id FROM (VALUES
				('MS-300', 'Sample exam: Deploying Microsoft 365 Teamwork', 'Collaboration and Content'),
				('MD-100', 'Sample exam: Windows Client', 'Windows and Devices'),
				('MS-500', 'Sample exam: Microsoft 365 Security Administration', 'Enterprise Mobility Management'),
				('AZ-104', 'Sample exam: Azure Administrator', 'Cloud Platform'),
				('MS-203', 'Sample exam: Microsoft 365 Messaging', 'Messaging'),
				('DP-300', 'Sample exam: Administering Relational Databases', 'Data Platform')
			) AS x (code, name, competency) JOIN competencies c ON c.name = x.competency`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO payment_rates (country, currency, amount_minor, valid_from, sample) VALUES
			('US', 'USD', 110000, '2019-01-01', true), ('FR', 'EUR', 95000, '2019-01-01', true),
			('GB', 'GBP', 85000, '2019-01-01', true), ('DE', 'EUR', 95000, '2019-01-01', true)`); err != nil {
			return err
		}
		// Partners: Fabrikam (US) and Northwind (FR).
		fab, nw := d.Orgs["Fabrikam Consulting"], d.Orgs["Northwind Advisors"]
		steps := []func() error{
			func() error { return tx.SignAgreement(ctx, fab, "2019-1", "Fiona Fabrikam", "Managing Director") },
			func() error { return tx.SignAgreement(ctx, nw, "2019-1", "Nadia North", "Director") },
			func() error {
				return tx.ApprovedEnrollment(ctx, fab, "SDPS", program.D(2020, 6, 1), program.D(2021, 5, 31))
			},
			func() error {
				return tx.ApprovedEnrollment(ctx, fab, "DDPS", program.D(2020, 6, 1), program.D(2021, 5, 31))
			},
			func() error {
				return tx.ApprovedEnrollment(ctx, nw, "SDPS", program.D(2020, 9, 1), program.D(2021, 8, 31))
			},
			// Ends within 90 days of the demo date: its renewal is asked for
			// below and waits for the program (DOMAIN.md §9).
			func() error {
				return tx.ApprovedEnrollment(ctx, fab, "SSDPS", program.D(2020, 4, 1), program.D(2021, 3, 31))
			},
			func() error {
				return tx.AddCompetency(ctx, fab, "Collaboration and Content", program.Gold, program.D(2019, 1, 1))
			},
			func() error {
				return tx.AddCompetency(ctx, fab, "Windows and Devices", program.Silver, program.D(2019, 1, 1))
			},
			func() error {
				return tx.RecordExam(ctx, fab, d.Users["consultant@fabrikam.example"], "MS-300", program.D(2019, 5, 1))
			},
			func() error {
				// Qualifies the consultant for the Windows engagement the demo reserves.
				return tx.RecordExam(ctx, fab, d.Users["consultant@fabrikam.example"], "MD-100", program.D(2020, 11, 1))
			},
		}
		for _, f := range steps {
			if err := f(); err != nil {
				return err
			}
		}
		for _, l := range []struct {
			org         int64
			name, cntry string
		}{{fab, "Fabrikam Seattle", "US"}, {nw, "Northwind Paris", "FR"}} {
			id, err := tx.AddLocation(ctx, l.org, l.name, l.cntry)
			if err != nil {
				return err
			}
			d.Locations[l.name] = id
		}
		if err := tx.RegisterPayment(ctx, fab, d.Locations["Fabrikam Seattle"], "Fabrikam Consulting LLC", "US-ACH-0042"); err != nil {
			return err
		}
		return tx.RegisterPayment(ctx, nw, d.Locations["Northwind Paris"], "Northwind Advisors SAS", "FR76-3000-4000")
	})
}

// history plays the demo's past through the use cases, then catches up to
// the demo date.
func (d *Demo) history(ctx context.Context, a *app.App, clk *clock) error {
	admin := d.Actor("admin@program.example")
	contoso := d.Actor("benefits@contoso.example")
	tailspin := d.Actor("benefits@tailspin.example")
	partner := d.Actor("partner@fabrikam.example")
	consultant := d.Users["consultant@fabrikam.example"]
	c1, c2, t1 := d.Enrollments["SA-CONTOSO-US-01"], d.Enrollments["SA-CONTOSO-US-02"], d.Enrollments["SA-TAILSPIN-FR-01"]
	t2 := d.Enrollments["SA-TAILSPIN-FR-02"]
	sharePoint, windows, err := d.typeIDs(ctx, a)
	if err != nil {
		return err
	}
	var errs []error
	do := func(on program.Date, f func() error) {
		if len(errs) > 0 {
			return
		}
		clk.on(on)
		if err := f(); err != nil {
			errs = append(errs, fmt.Errorf("on %s: %w", on, err))
		}
	}
	create := func(name string, actor app.Actor, enrollment, typ int64, days int, pm string) func() error {
		return func() error {
			v, err := a.CreateVoucher(ctx, actor, app.CreateVoucherInput{EnrollmentID: enrollment, EngagementTypeID: typ, Days: days, ProjectManagerEmail: pm})
			d.Vouchers[name] = v
			return err
		}
	}
	reserve := func(name string, start program.Date) func() error {
		return func() error {
			v, err := a.ReserveVoucher(ctx, partner, app.ReserveInput{Code: string(d.Vouchers[name].Code), Email: d.Vouchers[name].ProjectManagerEmail,
				LocationID: d.Locations["Fabrikam Seattle"], StartOn: start, Consultants: []int64{consultant}, TermsAccepted: true})
			d.Vouchers[name] = v
			return err
		}
	}
	report := func(name string, start, end program.Date) func() error {
		return func() error {
			v, err := a.CompleteVoucher(ctx, partner, d.Vouchers[name].ID, program.Report{DeliveredStart: start, DeliveredEnd: end,
				Consultants: []int64{consultant}, Summary: "Workshops held; deployment plan agreed with the customer.",
				NextSteps: "Pilot in one department."},
				[]store.File{{Name: "deployment-plan.txt", ContentType: "text/plain", Content: []byte("Deployment plan (demo)\n"), Kind: program.DeploymentPlan}})
			d.Vouchers[name] = v
			return err
		}
	}
	redeem := func(name string) func() error {
		return func() error {
			v, err := a.RedeemVoucher(ctx, partner, d.Vouchers[name].ID)
			d.Vouchers[name] = v
			return err
		}
	}
	pay := func(name string) func() error {
		return func() error { _, err := a.RequestPayment(ctx, partner, d.Vouchers[name].ID); return err }
	}
	const pm = "pm@contoso.example"

	do(program.D(2020, 1, 20), func() error { return a.ConvertTraining(ctx, contoso, c1, 5) })
	do(program.D(2020, 1, 25), func() error { return a.ConvertTraining(ctx, tailspin, t1, 2) })
	do(program.D(2020, 2, 10), func() error { return a.ActivateBenefit(ctx, tailspin, t1) })
	do(program.D(2020, 2, 12), func() error { return a.ActivateBenefit(ctx, contoso, c2) })
	do(program.D(2020, 3, 15), func() error { return a.RecordAccrual(ctx, admin, c1, 25, program.D(2020, 3, 15), "FY20 Q3 accrual") })
	do(program.D(2020, 3, 15), func() error { return a.RecordAccrual(ctx, admin, c2, 30, program.D(2020, 3, 15), "FY20 Q3 accrual") })
	do(program.D(2020, 3, 15), func() error { return a.RecordAccrual(ctx, admin, t1, 19, program.D(2020, 3, 15), "FY20 Q3 accrual") })
	// DOMAIN.md §9: a second 15-day SharePoint voucher, for Contoso's Dublin
	// subsidiary, with the benefit administrator's statement. Plans changed:
	// both were voided, their days back in the balance.
	do(program.D(2020, 3, 16), create("contoso-fifteen", contoso, c2, sharePoint, 15, "benefits@contoso.example"))
	do(program.D(2020, 3, 17), func() error {
		v, err := a.CreateVoucher(ctx, contoso, app.CreateVoucherInput{EnrollmentID: c2, EngagementTypeID: sharePoint, Days: 15,
			ProjectManagerEmail: "benefits@contoso.example", Statement: program.Statement{Reason: program.SecondOtherEntity,
				Note: "For Contoso Ireland Ltd, our Dublin subsidiary: a separate legal entity with its own SharePoint farm."}})
		d.Vouchers["contoso-second-fifteen"] = v
		return err
	})
	for _, name := range []string{"contoso-second-fifteen", "contoso-fifteen"} {
		do(program.D(2020, 3, 18), func() error { _, err := a.VoidVoucher(ctx, contoso, d.Vouchers[name].ID); return err })
	}
	do(program.D(2020, 3, 20), func() error { return a.ActivateBenefit(ctx, tailspin, t2) })
	do(program.D(2020, 3, 20), func() error { return a.RecordAccrual(ctx, admin, t2, 3, program.D(2020, 3, 20), "FY20 Q3 accrual") })
	do(program.D(2020, 6, 1), create("contoso-expired", contoso, c2, sharePoint, 1, pm))
	do(program.D(2020, 6, 1), create("tailspin-expired", tailspin, t1, sharePoint, 1, "it@tailspin.example"))
	// Expires on 2020-12-02, after the enrollment's SA end date: its 3 days are forfeited.
	do(program.D(2020, 6, 5), create("tailspin-lapsed", tailspin, t2, sharePoint, 3, "it@tailspin.example"))
	do(program.D(2020, 9, 15), func() error { return a.RecordAccrual(ctx, admin, c1, 10, program.D(2020, 9, 15), "FY21 Q1 accrual") })
	do(program.D(2020, 9, 20), create("contoso-paid", contoso, c2, sharePoint, 5, pm))
	do(program.D(2020, 10, 1), reserve("contoso-paid", program.D(2020, 10, 5)))
	do(program.D(2020, 10, 12), report("contoso-paid", program.D(2020, 10, 5), program.D(2020, 10, 9)))
	do(program.D(2020, 10, 15), redeem("contoso-paid"))
	// The partner global admin registers for payment in SharePoint (SDPS) once
	// its first voucher of it is redeemed (DOMAIN.md §9); DDPS stays
	// unregistered, with nothing redeemed yet.
	do(program.D(2020, 10, 16), func() error {
		return a.RegisterForPayment(ctx, d.Actor("globaladmin@fabrikam.example"), "SDPS")
	})
	do(program.D(2020, 10, 20), pay("contoso-paid"))
	do(program.D(2020, 11, 1), func() error {
		_, err := a.ApprovePayment(ctx, admin, d.Vouchers["contoso-paid"].ID, "PAY-2020-0001")
		return err
	})
	do(program.D(2020, 12, 1), create("tailspin-voided", tailspin, t1, sharePoint, 3, "it@tailspin.example"))
	do(program.D(2020, 12, 10), func() error { _, err := a.VoidVoucher(ctx, tailspin, d.Vouchers["tailspin-voided"].ID); return err })
	do(program.D(2020, 12, 10), func() error { _, err := a.CatchUp(ctx); return err })
	do(program.D(2021, 1, 10), create("contoso-payment-requested", contoso, c2, sharePoint, 3, pm))
	do(program.D(2021, 2, 1), reserve("contoso-payment-requested", program.D(2021, 2, 8)))
	do(program.D(2021, 2, 10), create("contoso-reserved", contoso, c2, windows, 3, pm))
	// Reserved to start on 8 March, then moved to the 15th (DOMAIN.md §9, reschedule).
	do(program.D(2021, 2, 12), reserve("contoso-reserved", program.D(2021, 3, 8)))
	do(program.D(2021, 2, 18), func() error {
		v, err := a.RescheduleVoucher(ctx, partner, d.Vouchers["contoso-reserved"].ID,
			program.Schedule{StartOn: program.D(2021, 3, 15), Consultants: []int64{consultant}})
		d.Vouchers["contoso-reserved"] = v
		return err
	})
	do(program.D(2021, 2, 15), report("contoso-payment-requested", program.D(2021, 2, 8), program.D(2021, 2, 10)))
	do(program.D(2021, 2, 15), create("tailspin-assigned", tailspin, t1, sharePoint, 1, "it@tailspin.example"))
	do(program.D(2021, 2, 20), redeem("contoso-payment-requested"))
	do(program.D(2021, 2, 20), create("contoso-assigned", contoso, c2, sharePoint, 1, pm))
	// Reserved, then cancelled with its reason: the voucher is the customer's again.
	do(program.D(2021, 2, 22), reserve("contoso-assigned", program.D(2021, 3, 22)))
	do(program.D(2021, 2, 24), func() error {
		v, err := a.CancelReservation(ctx, partner, d.Vouchers["contoso-assigned"].ID,
			program.Cancellation{Reason: program.CancelOther, Note: "The customer moved the workshops to next quarter; they will send the voucher again."})
		d.Vouchers["contoso-assigned"] = v
		return err
	})
	do(program.D(2021, 2, 25), pay("contoso-payment-requested"))
	do(program.D(2021, 2, 26), func() error {
		id, err := d.enrollmentID(ctx, a, "SSDPS")
		if err != nil {
			return err
		}
		return a.RequestRenewal(ctx, d.Actor("globaladmin@fabrikam.example"), id)
	})
	do(Date, func() error { _, err := a.CatchUp(ctx); return err })
	do(Date, func() error {
		return a.SaveProfile(ctx, d.Actor("globaladmin@fabrikam.example"), app.ProfileInput{
			Description:  "Fabrikam Consulting plans SharePoint and Windows deployments for mid-size organisations across the United States.",
			Offerings:    []string{"SDPS", "DDPS"},
			Countries:    []string{"US"},
			ContactEmail: "partner@fabrikam.example",
			Website:      "https://fabrikam.example",
			Published:    true,
		})
	})
	if len(errs) > 0 {
		return errs[0]
	}
	return nil
}

func (d *Demo) typeIDs(ctx context.Context, a *app.App) (sharePoint, windows int64, err error) {
	err = a.Store.Transact(ctx, store.Scope{}, time.Now(), func(tx *store.Tx) error {
		types, err := tx.EngagementTypes(ctx)
		for _, t := range types {
			switch t.Name {
			case "SharePoint Deployment Planning":
				sharePoint = t.ID
			case "Windows and Office Deployment Planning":
				windows = t.ID
			}
		}
		return err
	})
	return sharePoint, windows, err
}

// enrollmentID is Fabrikam's approved enrollment in offering.
func (d *Demo) enrollmentID(ctx context.Context, a *app.App, offering string) (int64, error) {
	terms, _, err := a.EnrollmentTerms(ctx, d.Actor("globaladmin@fabrikam.example"))
	if err != nil {
		return 0, err
	}
	for _, t := range terms {
		if t.Enrollment.Offering == offering {
			return t.ID, nil
		}
	}
	return 0, fmt.Errorf("fabrikam has no enrollment in %s", offering)
}
