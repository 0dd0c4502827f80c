package app_test

import (
	"context"
	"regexp"
	"sync"
	"testing"
	"time"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

var linkToken = regexp.MustCompile(`/(?:invitations|password/reset)/([A-Za-z0-9_-]{43})`)

// token is the newest emailed link's token to an address.
func (e *env) token(t *testing.T, to string) string {
	t.Helper()
	var body string
	err := e.s.Transact(context.Background(), store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		return tx.QueryRow(context.Background(), `SELECT body FROM outbox WHERE to_email = $1 AND body ~ '/(invitations|password/reset)/'
			ORDER BY id DESC LIMIT 1`, to).Scan(&body)
	})
	if err != nil {
		t.Fatalf("no link emailed to %s: %v", to, err)
	}
	return linkToken.FindStringSubmatch(body)[1]
}

func (e *env) memberships(t *testing.T, email string) int {
	t.Helper()
	return e.count(t, "SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1", email)
}

// Issue 10, item 3: naming an existing account of another organisation
// (as a voucher's project manager, in a partner's invitation, in the
// admin's "add person") never makes it a member, nor touches its password.
func TestAddingAPersonNeverJoinsAnotherOrganisation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	const victim = "pm@contoso.example"
	hash := func() int {
		return e.count(t, "SELECT hashtext(password_hash) FROM users WHERE email = $1", victim)
	}
	before, beforeHash := e.memberships(t, victim), hash()

	tailspin := e.demo.Actor("benefits@tailspin.example")
	v, err := e.a.CreateVoucher(ctx, tailspin, app.CreateVoucherInput{EnrollmentID: e.demo.Enrollments["SA-TAILSPIN-FR-01"],
		EngagementTypeID: e.sharePointID(t), Days: 1, ProjectManagerEmail: victim})
	if err != nil {
		t.Fatal(err)
	}
	if n := e.count(t, "SELECT count(*) FROM outbox WHERE voucher_id = $1 AND to_email = $2 AND body LIKE '%'||$3||'%'", v.ID, victim, v.Code.Display()); n != 1 {
		t.Errorf("the project manager's voucher email with its ID: %d", n)
	}
	if err := e.a.InviteUser(ctx, e.demo.Actor("globaladmin@fabrikam.example"), victim, program.Consultant); err != nil {
		t.Fatal(err)
	}
	if err := e.a.AddUser(ctx, e.demo.Actor("admin@program.example"), e.demo.Orgs["Northwind Advisors"], victim, program.PartnerAdmin); err != nil {
		t.Fatal(err)
	}
	if got := e.memberships(t, victim); got != before {
		t.Errorf("memberships of %s: %d, want %d (invited, not a member)", victim, got, before)
	}
	if hash() != beforeHash {
		t.Error("adding a person changed their password")
	}
	if n := e.count(t, "SELECT count(*) FROM invitations WHERE email = $1 AND accepted_at IS NULL", victim); n != 3 {
		t.Errorf("open invitations = %d, want 3", n)
	}
	// The database refuses a membership without an accepted invitation.
	err = e.s.Transact(ctx, store.Scope{OrgID: e.demo.Orgs["Tailspin Toys"], UserID: tailspin.UserID}, time.Now(), func(tx *store.Tx) error {
		return tx.AddMembership(ctx, e.demo.Users[victim], tailspin.OrgID, program.ProjectManager)
	})
	if err == nil {
		t.Error("a tenant made someone a member without an accepted invitation")
	}
}

func TestInvitationAcceptedOnceDeclinedOrExpired(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	fabrikam := e.demo.Actor("globaladmin@fabrikam.example")
	const newcomer = "ada@fabrikam.example"
	if err := e.a.InviteUser(ctx, fabrikam, newcomer, program.Consultant); err != nil {
		t.Fatal(err)
	}
	token := e.token(t, newcomer)

	// Bad input changes nothing.
	if _, _, err := e.a.AcceptInvitation(ctx, token, 0, app.NewAccount{Name: "Ada", Password: "short"}, "t"); !program.IsCode(err, program.CodeInvalid) {
		t.Fatalf("short password: %v", err)
	}
	// Two accepts of one link at once: exactly one wins.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, errs[i] = e.a.AcceptInvitation(ctx, token, 0, app.NewAccount{Name: "Ada", Password: "analytical engine", Language: "fr"}, "t")
		}()
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("two accepts: %v / %v, want exactly one to win", errs[0], errs[1])
	}
	if n := e.count(t, `SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE u.email = $1 AND m.org_id = $2 AND m.role = 'consultant' AND u.language = 'fr'`, newcomer, fabrikam.OrgID); n != 1 {
		t.Errorf("memberships after accepting = %d", n)
	}
	if n := e.count(t, "SELECT count(*) FROM audit_events WHERE action = 'invitation.accepted' AND actor = $1", newcomer); n != 1 {
		t.Errorf("acceptance audited %d times", n)
	}
	if n := e.count(t, "SELECT count(*) FROM outbox WHERE to_email = 'globaladmin@fabrikam.example' AND body LIKE '%'||$1||' accepted%'", newcomer); n != 1 {
		t.Errorf("inviter told %d times", n)
	}
	if _, _, err := e.a.AcceptInvitation(ctx, token, 0, app.NewAccount{Name: "Eve", Password: "analytical engine"}, "t"); !program.IsCode(err, program.CodeLinkUsed) {
		t.Errorf("reusing the link: %v, want used", err)
	}

	// A declined invitation leaves the person out.
	const other = "pm@contoso.example"
	if err := e.a.InviteUser(ctx, fabrikam, other, program.PartnerAdmin); err != nil {
		t.Fatal(err)
	}
	before := e.memberships(t, other)
	tok := e.token(t, other)
	if err := e.a.DeclineInvitation(ctx, tok, e.demo.Users["benefits@contoso.example"], "", "t"); !program.IsCode(err, program.CodeNotAllowed) {
		t.Errorf("someone else declining: %v", err)
	}
	if err := e.a.DeclineInvitation(ctx, tok, e.demo.Users[other], "", "t"); err != nil {
		t.Fatal(err)
	}
	if got := e.memberships(t, other); got != before {
		t.Errorf("memberships after declining: %d, want %d", got, before)
	}
	if _, _, err := e.a.AcceptInvitation(ctx, tok, e.demo.Users[other], app.NewAccount{}, "t"); !program.IsCode(err, program.CodeLinkUsed) {
		t.Errorf("accepting a declined invitation: %v", err)
	}

	// After 7 days the link has expired; a new one can be sent to the address.
	if err := e.a.InviteUser(ctx, fabrikam, "late@fabrikam.example", program.Consultant); err != nil {
		t.Fatal(err)
	}
	late := e.token(t, "late@fabrikam.example")
	e.clk.Set(e.clk.Now().Add(program.InvitationValidity))
	if _, _, err := e.a.AcceptInvitation(ctx, late, 0, app.NewAccount{Name: "Late", Password: "better late than"}, "t"); !program.IsCode(err, program.CodeLinkExpired) {
		t.Fatalf("expired link: %v", err)
	}
	if err := e.a.RenewInvitationLink(ctx, late, "t"); err != nil {
		t.Fatal(err)
	}
	if fresh := e.token(t, "late@fabrikam.example"); fresh == late {
		t.Error("no new link sent")
	} else if _, _, err := e.a.AcceptInvitation(ctx, fresh, 0, app.NewAccount{Name: "Late", Password: "better late than"}, "t"); err != nil {
		t.Errorf("the new link: %v", err)
	}
}

func TestForgottenPasswordAndLeaving(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	const person = "partner@fabrikam.example"
	if err := e.a.ForgotPassword(ctx, person, "t"); err != nil {
		t.Fatal(err)
	}
	if err := e.a.ForgotPassword(ctx, "nobody@fabrikam.example", "t"); err != nil {
		t.Fatalf("an unknown address gets the same answer: %v", err)
	}
	if n := e.count(t, "SELECT count(*) FROM password_resets"); n != 1 {
		t.Errorf("reset links = %d, want 1 (none for an unknown address)", n)
	}
	token := e.token(t, person)
	if _, err := e.a.ResetPassword(ctx, token, "password1234", "t"); !program.IsCode(err, program.CodeInvalid) {
		t.Errorf("a common password: %v", err)
	}
	if _, err := e.a.ResetPassword(ctx, token, "a brand new secret", "t"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.ResetPassword(ctx, token, "another new secret", "t"); !program.IsCode(err, program.CodeLinkUsed) {
		t.Errorf("reusing the link: %v", err)
	}
	if n := e.count(t, "SELECT count(*) FROM audit_events WHERE action = 'password.reset' AND actor = $1", person); n != 1 {
		t.Errorf("reset audited %d times", n)
	}
	if err := e.a.ForgotPassword(ctx, person, "t"); err != nil {
		t.Fatal(err)
	}
	old := e.token(t, person)
	e.clk.Set(e.clk.Now().Add(program.ResetValidity))
	if _, err := e.a.ResetPassword(ctx, old, "a brand new secret", "t"); !program.IsCode(err, program.CodeLinkExpired) {
		t.Errorf("after an hour: %v", err)
	}

	// Fabrikam's only partner global admin may not leave; its partner admin may.
	pga := e.demo.Actor("globaladmin@fabrikam.example")
	if err := e.a.LeaveOrganisation(ctx, pga, pga.OrgID); !program.IsCode(err, program.CodeLastAdmin) {
		t.Errorf("last partner global admin leaving: %v", err)
	}
	pa := e.demo.Actor(person)
	if err := e.a.LeaveOrganisation(ctx, pa, e.demo.Orgs["Northwind Advisors"]); !program.IsCode(err, program.CodeInvalid) {
		t.Errorf("leaving an organisation one is not in: %v", err)
	}
	if err := e.a.LeaveOrganisation(ctx, pa, pa.OrgID); err != nil {
		t.Fatal(err)
	}
	if e.memberships(t, person) != 0 {
		t.Error("still a member after leaving")
	}
}

// Two admins inviting one person at once leave one open invitation.
func TestConcurrentInvitationsOfOnePerson(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	admins := []app.Actor{e.demo.Actor("globaladmin@fabrikam.example"), e.demo.Actor("admin@program.example")}
	for range 5 {
		var wg sync.WaitGroup
		errs := make([]error, len(admins))
		for i, a := range admins {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if a.Role == program.GlobalAdmin {
					errs[i] = e.a.AddUser(ctx, a, e.demo.Orgs["Fabrikam Consulting"], "twice@fabrikam.example", program.Consultant)
				} else {
					errs[i] = e.a.InviteUser(ctx, a, "twice@fabrikam.example", program.Consultant)
				}
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if n := e.count(t, "SELECT count(*) FROM invitations WHERE email = 'twice@fabrikam.example'"); n != 1 {
		t.Errorf("invitations = %d, want 1 (renewed)", n)
	}
}

// Two benefit administrators leaving at once: one stays.
func TestLastTwoAdminsLeavingAtOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	first := e.demo.Actor("benefits@contoso.example")
	second := first
	err := e.s.Transact(ctx, store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		var err error
		if second.UserID, err = tx.CreateUser(ctx, "deputy@contoso.example", "Deputy", ""); err != nil {
			return err
		}
		return tx.AddMembership(ctx, second.UserID, first.OrgID, program.BenefitAdmin)
	})
	if err != nil {
		t.Fatal(err)
	}
	second.Email = "deputy@contoso.example"
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, a := range []app.Actor{first, second} {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = e.a.LeaveOrganisation(ctx, a, a.OrgID) }()
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("both leaving: %v / %v, want exactly one refused", errs[0], errs[1])
	}
	for _, err := range errs {
		if err != nil && !program.IsCode(err, program.CodeLastAdmin) {
			t.Errorf("refusal: %v", err)
		}
	}
	if n := e.count(t, "SELECT count(*) FROM memberships WHERE org_id = $1 AND role = 'benefit_admin'", first.OrgID); n != 1 {
		t.Errorf("benefit administrators left: %d, want 1", n)
	}
}
