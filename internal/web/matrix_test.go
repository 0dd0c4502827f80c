package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"sapsportal/internal/program"
	"sapsportal/internal/seed"
	"sapsportal/internal/store"
	"sapsportal/internal/web/api"
	"sapsportal/internal/web/webtest"
)

// The authorization matrix: every route of the router × every demo account
// (and nobody signed in) × its own id, another tenant's id and a missing id,
// against what each may do. A route the router has and this table lacks
// fails the test: a new route gets its place here.

// access is who may use a route.
type access struct {
	public bool            // reachable signed out
	area   program.OrgKind // the area's kind; "" for routes of every signed-in person
	roles  []program.Role  // the roles of the area allowed (nil: every role of the area)
	// ids gives the path parameters of an id the account may use (own) and
	// of another tenant's (other); nil maps where the account has none.
	ids  func(m *matrixEnv, acc seed.Account) (own, other map[string]string)
	form func(m *matrixEnv, acc seed.Account) url.Values
}

type matrixEnv struct {
	e *webtest.Env
	// Records the matrix may change as it goes, made for it.
	spareOrg, spareMember, spareFabrikamMember int64
	invitations                                map[string]string // a withdrawn one's id, by organisation name
	spareToken                                 string            // a revoked API token of the spare member
}

func (m *matrixEnv) id(sql string, args ...any) string { return itoa(int64(m.e.Count(sql, args...))) }

func (m *matrixEnv) voucher(name string) string { return itoa(m.e.Demo.Vouchers[name].ID) }

// file is the deliverable of a demo voucher's report.
func (m *matrixEnv) file(name string) string {
	return m.id(`SELECT d.id FROM deliverables d JOIN completion_reports cr ON cr.id = d.report_id WHERE cr.voucher_id = $1`,
		m.e.Demo.Vouchers[name].ID)
}

func fixed(form url.Values) func(*matrixEnv, seed.Account) url.Values {
	return func(*matrixEnv, seed.Account) url.Values { return form }
}

func one(k, v string) map[string]string { return map[string]string{k: v} }

var (
	customers     = program.KindCustomer
	partners      = program.KindPartner
	programs      = program.KindProgram
	partnerAdmins = []program.Role{program.PartnerGlobalAdmin, program.PartnerAdmin}
)

func customerVoucher(m *matrixEnv, acc seed.Account) (map[string]string, map[string]string) {
	if acc.Org == "Contoso Ltd" {
		return one("id", m.voucher("contoso-assigned")), one("id", m.voucher("tailspin-assigned"))
	}
	return one("id", m.voucher("tailspin-assigned")), one("id", m.voucher("contoso-assigned"))
}

func partnerVoucher(m *matrixEnv, acc seed.Account) (map[string]string, map[string]string) {
	switch acc.Email {
	case "consultant@fabrikam.example": // named on the paid voucher's engagement
		return one("id", m.voucher("contoso-paid")), one("id", m.voucher("tailspin-assigned"))
	case "partner@northwind.example":
		return nil, one("id", m.voucher("contoso-reserved"))
	}
	return one("id", m.voucher("contoso-reserved")), one("id", m.voucher("tailspin-assigned"))
}

// partnerPaidVoucher is Fabrikam's paid voucher, on which every step is
// refused, so that the matrix changes nothing as it goes.
func partnerPaidVoucher(m *matrixEnv, acc seed.Account) (map[string]string, map[string]string) {
	if acc.Org == "Fabrikam Consulting" {
		return one("id", m.voucher("contoso-paid")), one("id", m.voucher("tailspin-assigned"))
	}
	return nil, one("id", m.voucher("contoso-paid"))
}

func adminID(sql string) func(*matrixEnv, seed.Account) (map[string]string, map[string]string) {
	return func(m *matrixEnv, _ seed.Account) (map[string]string, map[string]string) {
		return one("id", m.id(sql)), nil
	}
}

// spareToken is another person's API token: for every account, not theirs.
func spareToken(m *matrixEnv, _ seed.Account) (map[string]string, map[string]string) {
	return nil, one("id", m.spareToken)
}

func spareOrg(m *matrixEnv, _ seed.Account) (map[string]string, map[string]string) {
	return one("id", itoa(m.spareOrg)), nil
}

var matrix = map[string]access{
	"GET /":            {public: true},
	"GET /healthz":     {public: true},
	"GET /readyz":      {public: true},
	"GET /metrics":     {public: true}, // from loopback, as the test client is
	"GET /favicon.ico": {public: true},
	"GET /static/*":    {public: true},
	"HEAD /static/*":   {public: true},
	"GET /login":       {public: true},
	"POST /login":      {public: true},
	"POST /lang":       {public: true},
	"GET /schedule":    {public: true},
	"POST /logout":     {},

	// The links emailed to people: an answered invitation and a used reset
	// link, so that every answer is refused and the matrix changes nothing.
	"GET /invitations/{token}":          {public: true, ids: linkToken("matrix-accepted")},
	"POST /invitations/{token}/accept":  {public: true, ids: linkToken("matrix-accepted")},
	"POST /invitations/{token}/decline": {public: true, ids: linkToken("matrix-accepted")},
	"POST /invitations/{token}/renew":   {public: true, ids: linkToken("matrix-accepted")},
	"GET /password/forgot":              {public: true},
	"POST /password/forgot":             {public: true},
	"GET /password/reset/{token}":       {public: true, ids: linkToken("matrix-used")},
	"POST /password/reset/{token}":      {public: true, ids: linkToken("matrix-used")},
	"GET /account":                      {},
	"POST /account":                     {},
	"POST /account/password":            {},
	"POST /account/leave":               {},
	"POST /account/sessions/end":        {},
	"POST /account/reminders":           {},
	"POST /account/calendar":            {},
	"POST /account/calendar/revoke":     {},
	// A person's API tokens: their own token is revoked (a spare one, made
	// for the matrix, already revoked: refused), another person's is not found.
	"POST /account/tokens":             {},
	"POST /account/tokens/{id}/revoke": {ids: spareToken},
	"GET /calendar/{token}":            {public: true, ids: linkToken("matrix-feed")},
	// A forged unsubscribe link: refused, nothing changes.
	"GET /unsubscribe":  {public: true},
	"POST /unsubscribe": {public: true, form: fixed(url.Values{"email": {"pm@contoso.example"}, "kind": {"removal"}, "sig": {"forged"}})},
	"POST /org": {form: func(m *matrixEnv, acc seed.Account) url.Values {
		return url.Values{"org_id": {itoa(m.e.Demo.Orgs[acc.Org])}}
	}},

	"GET /customer/":              {area: customers},
	"GET /customer/days":          {area: customers, roles: []program.Role{program.BenefitAdmin}},
	"POST /customer/days/convert": {area: customers, roles: []program.Role{program.BenefitAdmin}},
	"POST /customer/enrollments/{id}/activate": {area: customers, roles: []program.Role{program.BenefitAdmin}, ids: func(m *matrixEnv, acc seed.Account) (map[string]string, map[string]string) {
		c1, t1 := one("id", itoa(m.e.Demo.Enrollments["SA-CONTOSO-US-01"])), one("id", itoa(m.e.Demo.Enrollments["SA-TAILSPIN-FR-01"]))
		if acc.Org == "Contoso Ltd" {
			return c1, t1
		}
		return t1, c1
	}},
	"GET /customer/files/{id}": {area: customers, ids: func(m *matrixEnv, acc seed.Account) (map[string]string, map[string]string) {
		if acc.Org == "Contoso Ltd" { // pm@contoso.example manages the paid voucher too
			return one("id", m.file("contoso-paid")), nil
		}
		return nil, one("id", m.file("contoso-paid"))
	}},
	"GET /customer/partners":                 {area: customers},
	"GET /customer/people":                   {area: customers, roles: []program.Role{program.BenefitAdmin}},
	"POST /customer/invitations/{id}/resend": {area: customers, roles: []program.Role{program.BenefitAdmin}, ids: ownInvitation},
	"POST /customer/invitations/{id}/revoke": {area: customers, roles: []program.Role{program.BenefitAdmin}, ids: ownInvitation},
	"GET /customer/partners/{id}": {area: customers, ids: func(m *matrixEnv, _ seed.Account) (map[string]string, map[string]string) {
		// A published profile is every customer's to read; an unpublished one is nobody's.
		return one("id", itoa(m.e.Demo.Orgs["Fabrikam Consulting"])), one("id", itoa(m.e.Demo.Orgs["Northwind Advisors"]))
	}},
	"GET /customer/vouchers":                {area: customers},
	"GET /customer/vouchers/export":         {area: customers},
	"GET /customer/vouchers/new":            {area: customers, roles: []program.Role{program.BenefitAdmin}},
	"POST /customer/vouchers/new":           {area: customers, roles: []program.Role{program.BenefitAdmin}},
	"GET /customer/vouchers/{id}":           {area: customers, ids: customerVoucher},
	"POST /customer/vouchers/{id}/reassign": {area: customers, roles: []program.Role{program.BenefitAdmin}, ids: customerVoucher},
	"POST /customer/vouchers/{id}/void":     {area: customers, roles: []program.Role{program.BenefitAdmin}, ids: customerVoucher},
	"GET /customer/vouchers/{id}/void":      {area: customers, roles: []program.Role{program.BenefitAdmin}, ids: customerVoucher},

	"GET /partner/":             {area: partners},
	"GET /partner/agreement":    {area: partners, roles: []program.Role{program.PartnerGlobalAdmin}},
	"POST /partner/agreement":   {area: partners, roles: []program.Role{program.PartnerGlobalAdmin}},
	"GET /partner/eligibility":  {area: partners, roles: partnerAdmins},
	"GET /partner/enrollments":  {area: partners, roles: []program.Role{program.PartnerGlobalAdmin}},
	"POST /partner/enrollments": {area: partners, roles: []program.Role{program.PartnerGlobalAdmin}},
	"POST /partner/enrollments/{id}/renew": {area: partners, roles: []program.Role{program.PartnerGlobalAdmin}, ids: func(m *matrixEnv, acc seed.Account) (map[string]string, map[string]string) {
		own, other := "Fabrikam Consulting", "Northwind Advisors"
		if acc.Org == other {
			own, other = other, own
		}
		q := "SELECT min(pe.id) FROM partner_enrollments pe JOIN organisations o ON o.id = pe.org_id WHERE o.name = $1 AND pe.status = 'approved'"
		return one("id", m.id(q, own)), one("id", m.id(q, other))
	}},
	"GET /partner/exams":                           {area: partners, roles: []program.Role{program.Consultant}},
	"POST /partner/exams":                          {area: partners, roles: []program.Role{program.Consultant}},
	"GET /partner/files/{id}":                      {area: partners, ids: partnerFile},
	"GET /partner/locations":                       {area: partners, roles: []program.Role{program.PartnerGlobalAdmin}},
	"POST /partner/locations":                      {area: partners, roles: []program.Role{program.PartnerGlobalAdmin}},
	"GET /partner/organisation":                    {area: partners, roles: []program.Role{program.PartnerGlobalAdmin}},
	"GET /partner/payments":                        {area: partners, roles: partnerAdmins},
	"GET /partner/payments/registration":           {area: partners, roles: []program.Role{program.PartnerGlobalAdmin}},
	"POST /partner/payments/registration":          {area: partners, roles: []program.Role{program.PartnerGlobalAdmin}},
	"POST /partner/payments/registration/offering": {area: partners, roles: []program.Role{program.PartnerGlobalAdmin}},
	"GET /partner/people":                          {area: partners, roles: []program.Role{program.PartnerGlobalAdmin}},
	"POST /partner/invitations/{id}/resend":        {area: partners, roles: []program.Role{program.PartnerGlobalAdmin}, ids: ownInvitation},
	"POST /partner/invitations/{id}/revoke":        {area: partners, roles: []program.Role{program.PartnerGlobalAdmin}, ids: ownInvitation},
	"POST /partner/people":                         {area: partners, roles: []program.Role{program.PartnerGlobalAdmin}},
	"POST /partner/people/{id}/remove": {area: partners, roles: []program.Role{program.PartnerGlobalAdmin}, ids: func(m *matrixEnv, acc seed.Account) (map[string]string, map[string]string) {
		if acc.Org == "Fabrikam Consulting" {
			return one("id", itoa(m.spareFabrikamMember)), one("id", itoa(m.e.Demo.Users["partner@northwind.example"]))
		}
		return nil, one("id", itoa(m.spareFabrikamMember))
	}},
	"GET /partner/profile":                   {area: partners, roles: partnerAdmins},
	"POST /partner/profile":                  {area: partners, roles: partnerAdmins},
	"GET /partner/vouchers":                  {area: partners, roles: partnerAdmins},
	"GET /partner/vouchers/export":           {area: partners, roles: partnerAdmins},
	"POST /partner/vouchers/redeem":          {area: partners, roles: partnerAdmins},
	"POST /partner/vouchers/reserve":         {area: partners, roles: partnerAdmins},
	"GET /partner/vouchers/validate":         {area: partners, roles: partnerAdmins},
	"POST /partner/vouchers/validate":        {area: partners, roles: partnerAdmins},
	"GET /partner/vouchers/{id}":             {area: partners, ids: partnerVoucher},
	"GET /partner/vouchers/{id}/cancel":      {area: partners, roles: partnerAdmins, ids: partnerPaidVoucher},
	"POST /partner/vouchers/{id}/cancel":     {area: partners, roles: partnerAdmins, ids: partnerPaidVoucher},
	"POST /partner/vouchers/{id}/reschedule": {area: partners, roles: partnerAdmins, ids: partnerPaidVoucher},
	"POST /partner/vouchers/{id}/payment":    {area: partners, roles: partnerAdmins, ids: partnerPaidVoucher},
	"POST /partner/vouchers/{id}/redeem":     {area: partners, roles: partnerAdmins, ids: partnerPaidVoucher},
	"POST /partner/vouchers/{id}/report":     {area: partners, roles: partnerAdmins, ids: partnerPaidVoucher},

	"GET /admin/":                      {area: programs},
	"GET /admin/reminders":             {area: programs},
	"GET /admin/accruals/import":       {area: programs},
	"POST /admin/accruals/import":      {area: programs},
	"GET /admin/audit":                 {area: programs},
	"GET /admin/audit/export":          {area: programs},
	"GET /admin/catalog":               {area: programs},
	"POST /admin/catalog/competencies": {area: programs},
	"POST /admin/catalog/exams":        {area: programs},
	"POST /admin/catalog/offerings":    {area: programs},
	"POST /admin/catalog/rates":        {area: programs},
	"POST /admin/catalog/types":        {area: programs},
	"POST /admin/catalog/types/{id}": {area: programs, ids: adminID("SELECT id FROM engagement_types WHERE name = 'Azure Cloud Migration Planning'"),
		form: fixed(url.Values{"lengths": {"1", "3"}})},
	"POST /admin/catalog/types/{id}/qualifications": {area: programs, ids: adminID("SELECT id FROM engagement_types WHERE name = 'Azure Cloud Migration Planning'"),
		form: func(m *matrixEnv, _ seed.Account) url.Values {
			return url.Values{"competency_id": {m.id("SELECT id FROM competencies WHERE name = 'Cloud Platform'")}, "level": {"silver"}}
		}},
	"POST /admin/catalog/types/{id}/qualifications/{cid}/remove": {area: programs, ids: func(m *matrixEnv, _ seed.Account) (map[string]string, map[string]string) {
		return map[string]string{"id": m.id("SELECT id FROM engagement_types WHERE name = 'Azure Cloud Migration Planning'"),
			"cid": m.id("SELECT id FROM competencies WHERE name = 'Cloud Platform'")}, nil
	}},
	"POST /admin/clock":                    {area: programs},
	"GET /admin/clock":                     {area: programs},
	"GET /admin/enrollments":               {area: programs},
	"POST /admin/enrollments/{id}/approve": {area: programs, ids: adminID("SELECT min(id) FROM partner_enrollments")},
	"POST /admin/enrollments/{id}/reject": {area: programs, ids: adminID("SELECT min(id) FROM partner_enrollments"),
		form: fixed(url.Values{"reason": {"Matrix"}})},
	"POST /admin/renewals/{id}/approve": {area: programs, ids: adminID("SELECT min(id) FROM enrollment_renewals")},
	"POST /admin/renewals/{id}/reject": {area: programs, ids: adminID("SELECT min(id) FROM enrollment_renewals"),
		form: fixed(url.Values{"reason": {"Matrix"}})},
	"GET /admin/files/{id}": {area: programs, ids: func(m *matrixEnv, _ seed.Account) (map[string]string, map[string]string) {
		return one("id", m.file("contoso-paid")), nil
	}},
	"GET /admin/organisations":                    {area: programs},
	"POST /admin/organisations":                   {area: programs},
	"GET /admin/organisations/{id}":               {area: programs, ids: spareOrg},
	"POST /admin/organisations/{id}/accruals":     {area: programs, ids: spareOrg},
	"POST /admin/organisations/{id}/competencies": {area: programs, ids: spareOrg},
	"POST /admin/organisations/{id}/competencies/{cid}/end": {area: programs, ids: func(m *matrixEnv, _ seed.Account) (map[string]string, map[string]string) {
		return map[string]string{"id": itoa(m.e.Demo.Orgs["Fabrikam Consulting"]), "cid": m.id("SELECT min(id) FROM partner_competencies")}, nil
	}},
	"POST /admin/organisations/{id}/enrollments":              {area: programs, ids: spareOrg},
	"POST /admin/organisations/{id}/reactivate":               {area: programs, ids: spareOrg},
	"POST /admin/organisations/{id}/suspend":                  {area: programs, ids: spareOrg},
	"GET /admin/organisations/{id}/suspend":                   {area: programs, ids: spareOrg},
	"POST /admin/organisations/{id}/users":                    {area: programs, ids: spareOrg},
	"POST /admin/organisations/{id}/invitations/{iid}/resend": {area: programs, ids: spareInvitation},
	"POST /admin/organisations/{id}/invitations/{iid}/revoke": {area: programs, ids: spareInvitation},
	"POST /admin/organisations/{id}/users/{uid}/remove": {area: programs, ids: func(m *matrixEnv, _ seed.Account) (map[string]string, map[string]string) {
		return map[string]string{"id": itoa(m.spareOrg), "uid": itoa(m.spareMember)}, nil
	}},
	"GET /admin/organisations/{id}/users/{uid}/remove": {area: programs, ids: func(m *matrixEnv, _ seed.Account) (map[string]string, map[string]string) {
		return map[string]string{"id": itoa(m.spareOrg), "uid": itoa(m.spareMember)}, nil
	}},
	"GET /admin/outbox":                 {area: programs},
	"GET /admin/payments":               {area: programs},
	"GET /admin/payments/export":        {area: programs},
	"GET /admin/policy":                 {area: programs},
	"POST /admin/policy":                {area: programs},
	"GET /admin/vouchers":               {area: programs},
	"GET /admin/vouchers/{id}":          {area: programs, ids: adminVoucher},
	"POST /admin/vouchers/{id}/approve": {area: programs, ids: adminVoucher},
	"GET /admin/vouchers/{id}/approve":  {area: programs, ids: adminVoucher},
	"POST /admin/vouchers/{id}/deny":    {area: programs, ids: adminVoucher},
	"GET /admin/vouchers/{id}/deny":     {area: programs, ids: adminVoucher},
	"POST /admin/vouchers/{id}/extend":  {area: programs, ids: adminVoucher},
}

// linkToken is an emailed link's token, made by the matrix (its hash
// stored as auth.TokenHash would).
func linkToken(token string) func(*matrixEnv, seed.Account) (map[string]string, map[string]string) {
	return func(*matrixEnv, seed.Account) (map[string]string, map[string]string) { return one("token", token), nil }
}

// ownInvitation is a withdrawn invitation of the account's organisation
// (resending or withdrawing it is refused), and another tenant's.
func ownInvitation(m *matrixEnv, acc seed.Account) (map[string]string, map[string]string) {
	other := "Contoso Ltd"
	if acc.Org == other {
		other = "Fabrikam Consulting"
	}
	own := m.invitations[acc.Org]
	if own == "" {
		return nil, one("id", m.invitations[other])
	}
	return one("id", own), one("id", m.invitations[other])
}

func spareInvitation(m *matrixEnv, _ seed.Account) (map[string]string, map[string]string) {
	return map[string]string{"id": itoa(m.spareOrg), "iid": m.invitations["Matrix Ltd"]}, nil
}

// adminVoucher is an ended voucher, so that the console's steps refuse it
// and the demo stays as it is for the rest of the matrix.
func adminVoucher(m *matrixEnv, _ seed.Account) (map[string]string, map[string]string) {
	return one("id", m.voucher("tailspin-expired")), nil
}

func partnerFile(m *matrixEnv, acc seed.Account) (map[string]string, map[string]string) {
	if acc.Org == "Fabrikam Consulting" {
		return one("id", m.file("contoso-paid")), nil
	}
	return nil, one("id", m.file("contoso-paid"))
}

// allowed reports whether acc may use a route of access a.
func (a access) allowed(acc seed.Account) bool {
	if a.area == "" { // public, or every signed-in person's
		return true
	}
	return acc.Role.Kind() == a.area && (a.roles == nil || slices.Contains(a.roles, acc.Role))
}

func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	m := &matrixEnv{e: e}
	m.spareOrg = int64(e.Count(`WITH o AS (INSERT INTO organisations (name, kind) VALUES ('Matrix Ltd', 'customer') RETURNING id) SELECT id FROM o`))
	m.spareMember = int64(e.Count(`WITH u AS (INSERT INTO users (email) VALUES ('spare@matrix.example') RETURNING id),
		m AS (INSERT INTO memberships (user_id, org_id, role) SELECT id, $1, 'benefit_admin' FROM u) SELECT id FROM u`, m.spareOrg))
	m.spareFabrikamMember = int64(e.Count(`WITH u AS (INSERT INTO users (email) VALUES ('spare@fabrikam.example') RETURNING id),
		m AS (INSERT INTO memberships (user_id, org_id, role) SELECT id, $1, 'consultant' FROM u) SELECT id FROM u`, e.Demo.Orgs["Fabrikam Consulting"]))

	// An accepted invitation and a used reset link (tokens matrix-accepted
	// and matrix-used), and a withdrawn invitation of some organisations.
	e.Exec(`INSERT INTO invitations (org_id, email, role, token_hash, created_at, expires_at, accepted_at, accepted_by)
		VALUES ($1, 'spare@matrix.example', 'benefit_admin', sha256('matrix-accepted'), now(), now() + interval '7 days', now(), $2)`, m.spareOrg, m.spareMember)
	e.Exec(`INSERT INTO password_resets (user_id, token_hash, created_at, expires_at, used_at)
		VALUES ($1, sha256('matrix-used'), now(), now() + interval '1 hour', now())`, m.spareMember)
	e.Exec(`INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, sha256('matrix-feed'), now())`, m.spareMember)
	// (in its person's own scope: no other may write it)
	if err := e.Store.Transact(context.Background(), store.Scope{UserID: m.spareMember}, time.Now(), func(tx *store.Tx) error {
		var id int64
		err := tx.QueryRow(context.Background(), `INSERT INTO api_tokens (user_id, org_id, name, token_hash, read_only, created_at, expires_at, revoked_at)
			VALUES ($1, $2, 'matrix', sha256('matrix-token'), false, now(), now() + interval '1 day', now()) RETURNING id`,
			m.spareMember, m.spareOrg).Scan(&id)
		m.spareToken = itoa(id)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	m.invitations = map[string]string{}
	for org, id := range map[string]int64{"Contoso Ltd": e.Demo.Orgs["Contoso Ltd"], "Fabrikam Consulting": e.Demo.Orgs["Fabrikam Consulting"],
		"Tailspin Toys": e.Demo.Orgs["Tailspin Toys"], "Matrix Ltd": m.spareOrg} {
		m.invitations[org] = m.id(`WITH i AS (INSERT INTO invitations (org_id, email, role, token_hash, created_at, expires_at, revoked_at)
			SELECT o.id, 'withdrawn@matrix.example', CASE o.kind WHEN 'partner' THEN 'consultant' ELSE 'project_manager' END,
				sha256(('withdrawn ' || o.id)::bytea), now(), now() + interval '7 days', now()
			FROM organisations o WHERE o.id = $1 RETURNING id) SELECT id FROM i`, id)
	}

	var routes []string
	chi.Walk(e.Routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		routes = append(routes, method+" "+strings.Replace(route, "/*/", "/", 1))
		return nil
	})
	sort.Strings(routes)
	// The API's routes take tokens, not sessions: internal/web/api's tests
	// hold them to the same rules (its OpenAPI test lists every one, its
	// tenancy test tries another tenant's id on each).
	routes = slices.DeleteFunc(routes, func(r string) bool { return strings.Contains(r, " "+api.Prefix+"/") })
	for _, r := range routes {
		if _, ok := matrix[r]; !ok {
			t.Errorf("route %s has no place in the authorization matrix", r)
		}
	}
	browsers := map[string]*webtest.Browser{}
	for _, acc := range seed.Accounts {
		browsers[acc.Email] = e.SignIn(acc.Email)
	}
	for _, r := range routes {
		a := matrix[r]
		method, pattern, _ := strings.Cut(r, " ")
		// Signed out: a public route answers, any other sends to sign in.
		var publicIDs map[string]string
		if a.public && a.ids != nil {
			publicIDs, _ = a.ids(m, seed.Account{})
		}
		if p := request(e.Browser(), method, fill(pattern, publicIDs), nil); a.public {
			if p.Status >= 500 || p.Status == http.StatusNotFound {
				t.Errorf("%s signed out: %d", r, p.Status)
			}
		} else if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
			t.Errorf("%s signed out: %d → %q, want the sign-in page", r, p.Status, p.Location)
		}
		for _, acc := range seed.Accounts {
			b := browsers[acc.Email]
			if method == http.MethodPost && (pattern == "/logout" || pattern == "/org" || pattern == "/login") {
				b = e.SignIn(acc.Email) // these end or change the session
			}
			var form url.Values
			if a.form != nil {
				form = a.form(m, acc)
			}
			var own, other map[string]string
			if a.ids != nil {
				own, other = a.ids(m, acc)
			}
			if a.ids == nil || own != nil {
				p := request(b, method, fill(pattern, own), form)
				denied := p.Status == http.StatusNotFound || p.Status == http.StatusForbidden
				if a.allowed(acc) && (denied || p.Status >= 500) {
					t.Errorf("%s as %s (allowed): %d", r, acc.Email, p.Status)
				}
				if !a.allowed(acc) && !denied {
					t.Errorf("%s as %s (not allowed): %d, want 403 or 404", r, acc.Email, p.Status)
				}
			}
			if a.ids == nil {
				continue
			}
			if other != nil {
				if p := request(b, method, fill(pattern, other), form); p.Status != http.StatusNotFound && p.Status != http.StatusForbidden {
					t.Errorf("%s as %s with another tenant's id: %d, want 404", r, acc.Email, p.Status)
				}
			}
			if p := request(b, method, fill(pattern, map[string]string{"id": "987654321", "cid": "987654321", "uid": "987654321", "iid": "987654321", "token": "no-such-token"}), form); p.Status != http.StatusNotFound && p.Status != http.StatusForbidden {
				t.Errorf("%s as %s with a missing id: %d, want 404", r, acc.Email, p.Status)
			}
		}
	}
}

// fill puts ids into a route pattern ("1" where none is given).
func fill(pattern string, ids map[string]string) string {
	pattern = strings.Replace(pattern, "/static/*", "/static/app.css", 1)
	for _, name := range []string{"id", "cid", "uid", "iid", "token"} {
		v := ids[name]
		if v == "" {
			v = "1"
		}
		pattern = strings.ReplaceAll(pattern, "{"+name+"}", v)
	}
	return pattern
}

func request(b *webtest.Browser, method, path string, form url.Values) *webtest.Page {
	switch method {
	case http.MethodGet:
		return b.Get(path)
	case http.MethodHead:
		return b.Head(path)
	}
	return b.Post(path, form)
}
