package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5/pgconn"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// closeDemo runs the demo past the last payment window, decides its pending
// payment and closes the program on 2022-03-03.
func closeDemo(t *testing.T, e *env) program.Closing {
	t.Helper()
	ctx := context.Background()
	admin := e.demo.Actor("admin@program.example")
	if _, err := e.a.CloseProgram(ctx, admin); !program.IsCode(err, program.CodeWrongState) {
		t.Fatalf("closing on the demo date: %v, want refused (vouchers live)", err)
	}
	e.clk.Set(time.Date(2022, time.March, 3, 9, 0, 0, 0, time.UTC))
	if _, err := e.a.CloseProgram(ctx, admin); !program.IsCode(err, program.CodeWrongState) {
		t.Fatalf("closing with a payment awaiting a decision: %v, want refused", err)
	}
	st, err := e.a.ClosingState(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	if want := (program.Obstacles{Unended: map[program.State]int{}, AwaitingDecision: 1}); !cmp.Equal(want, st.Obstacles) {
		t.Fatalf("in the way after the catch-up (-want +got):\n%s", cmp.Diff(want, st.Obstacles))
	}
	if _, err := e.a.ApprovePayment(ctx, admin, e.demo.Vouchers["contoso-payment-requested"].ID, "PAY-2022-0002"); err != nil {
		t.Fatal(err)
	}
	c, err := e.a.CloseProgram(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	if c.On != program.D(2022, time.March, 3) {
		t.Fatalf("closed on %s", c.On)
	}
	return c
}

func TestCloseProgramOnceThenReadOnly(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	c := closeDemo(t, e)
	admin := e.demo.Actor("admin@program.example")
	if n := e.count(t, `SELECT count(*) FROM audit_events WHERE action = 'program.closed' AND actor_user_id = $1`, admin.UserID); n != 1 {
		t.Errorf("%d closing audit events, want 1", n)
	}
	// Closing cannot be repeated.
	_, err := e.a.CloseProgram(ctx, admin)
	if r, ok := program.AsRefusal(err); !ok || r.Code != program.CodeProgramClosed || r.Date != c.On {
		t.Errorf("second closing: %v, want program_closed on %s", err, c.On)
	}
	// Every change is refused with the closing date, even by a use case
	// that does not check (the database's guard).
	ledger := e.count(t, `SELECT count(*) FROM ledger_entries`)
	err = e.a.RecordAccrual(ctx, admin, e.demo.Enrollments["SA-CONTOSO-US-01"], 5, program.D(2021, 1, 1), "late")
	if r, ok := program.AsRefusal(err); !ok || r.Code != program.CodeProgramClosed || r.Date != c.On || !strings.Contains(r.Message, "3 March 2022") {
		t.Errorf("accrual after closing: %v, want program_closed naming 3 March 2022", err)
	}
	if _, err := e.a.ExtendValidity(ctx, admin, e.demo.Vouchers["contoso-assigned"].ID, program.D(2022, 4, 1), "late"); err == nil {
		t.Error("a voucher step after closing was allowed")
	}
	if n := e.count(t, `SELECT count(*) FROM ledger_entries`); n != ledger {
		t.Errorf("ledger rows %d → %d after closing", ledger, n)
	}
	// The database refuses too, whatever the app forgot to check.
	for _, sql := range []string{`UPDATE vouchers SET updated_at = now()`, `DELETE FROM payment_requests`,
		`INSERT INTO ledger_entries (org_id, enrollment_id, kind, days, effective_on) SELECT org_id, id, 'accrual', 1, '2021-01-01' FROM sa_enrollments`} {
		err := e.s.Transact(ctx, store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, sql)
			return err
		})
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.ConstraintName != "program_closed" || pgErr.Detail != "2022-03-03" {
			t.Errorf("%s after closing: %v, want the program_closed guard", sql, err)
		}
	}
	// The sweeps have nothing left to do, and do not fail.
	e.clk.Set(time.Date(2023, time.January, 1, 9, 0, 0, 0, time.UTC))
	if r, err := e.a.CatchUp(ctx); err != nil || r != (app.CatchUpReport{}) {
		t.Errorf("catch-up after closing: %+v, %v", r, err)
	}
}

func TestCloseProgramConcurrently(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	admin := e.demo.Actor("admin@program.example")
	e.clk.Set(time.Date(2022, time.March, 3, 9, 0, 0, 0, time.UTC))
	if _, err := e.a.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.ApprovePayment(ctx, admin, e.demo.Vouchers["contoso-payment-requested"].ID, "PAY-2022-0002"); err != nil {
		t.Fatal(err)
	}
	// Two instances' admins at once (two apps: no shared memory of the closing).
	apps := []*app.App{app.New(e.s, e.clk, nil), app.New(e.s, e.clk, nil)}
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range apps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = apps[i].CloseProgram(ctx, admin)
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !program.IsCode(err, program.CodeProgramClosed):
			t.Errorf("the loser got %v, want program_closed", err)
		}
	}
	if won != 1 || e.count(t, `SELECT count(*) FROM audit_events WHERE action = 'program.closed'`) != 1 {
		t.Errorf("%d closings won, want exactly 1", won)
	}
}

func TestCloseOutStatements(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	contoso := e.demo.Actor("benefits@contoso.example")
	if _, err := e.a.Statements(ctx, contoso); !program.IsCode(err, program.CodeWrongState) {
		t.Errorf("a customer's statement before closing: %v, want refused", err)
	}
	closeDemo(t, e)
	s, err := e.a.Statements(ctx, contoso)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]store.EnrollmentStatement{}
	for _, st := range s.Enrollments {
		if st.OrgID != e.demo.Orgs["Contoso Ltd"] {
			t.Errorf("Contoso sees %s's enrollment %s", st.Customer, st.Agreement)
		}
		if st.Accrued+st.Converted-st.Spent+st.Returned-st.Removed != st.Balance || st.Balance != 0 {
			t.Errorf("%s does not add up to zero: %+v", st.Agreement, st)
		}
		st.EnrollmentID, st.OrgID = 0, 0
		got[st.Agreement] = st
	}
	// SA-CONTOSO-US-02: 30 accrued; vouchers of 1+5+3+3+1 days and the two
	// 15-day SharePoint ones (the second with its statement), both voided
	// and returned; the 1-day one expired in November 2020 and came back;
	// the 3-day reserved and the 1-day assigned expired after 2021-07-01
	// (forfeited); 18 removed.
	want := store.EnrollmentStatement{Customer: "Contoso Ltd", Agreement: "SA-CONTOSO-US-02", Country: "US",
		Accrued: 30, Spent: 43, Returned: 31, Forfeited: 4, Removed: 18}
	if diff := cmp.Diff(want, got["SA-CONTOSO-US-02"]); diff != "" || len(got) != 2 {
		t.Errorf("Contoso's statements %d (-want +got):\n%s", len(got), diff)
	}
	if len(s.Partners) != 0 {
		t.Errorf("a customer sees partner lines: %+v", s.Partners)
	}
	// A partner sees its own lines only; every request decided and paid.
	p, err := e.a.Statements(ctx, e.demo.Actor("partner@fabrikam.example"))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Enrollments) != 0 || len(p.Partners) != 1 {
		t.Fatalf("Fabrikam's statement: %+v", p)
	}
	fab := p.Partners[0]
	if fab.Partner != "Fabrikam Consulting" || fab.Redeemed != 2 || fab.Requested != 2 || fab.Paid != 2 || fab.Awaiting != 0 ||
		fab.PaidMinor != fab.RequestedMinor || fab.Currency == "" {
		t.Errorf("Fabrikam's line: %+v", fab)
	}
	// Admins see every enrollment and partner, and totals that add up.
	all, err := e.a.Statements(ctx, e.demo.Actor("admin@program.example"))
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Enrollments) != e.count(t, `SELECT count(*) FROM sa_enrollments`) || all.Totals.Days.Balance != 0 || all.Totals.Redeemed != 2 || len(all.Totals.Payments) != 1 {
		t.Errorf("program totals: %d enrollments, %+v", len(all.Enrollments), all.Totals)
	}
	// A consultant reads none.
	if _, err := e.a.Statements(ctx, e.demo.Actor("consultant@fabrikam.example")); !program.IsCode(err, program.CodeNotFound) {
		t.Errorf("a consultant's statement: %v, want not found", err)
	}
}

func TestArchiveIsReproducible(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	closeDemo(t, e)
	admin := e.demo.Actor("admin@program.example")
	var first, second bytes.Buffer
	if err := e.a.Archive(ctx, admin, &first); err != nil {
		t.Fatal(err)
	}
	if err := e.a.Archive(ctx, admin, &second); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Fatal("two archives of the same data differ")
	}
	files := checkArchive(t, first.Bytes())
	for table, want := range map[string]string{
		"vouchers": "SELECT count(*) FROM vouchers", "ledger_entries": "SELECT count(*) FROM ledger_entries",
		"audit_events": "SELECT count(*) FROM audit_events", "users": "SELECT count(*) FROM users",
		"payment_requests": "SELECT count(*) FROM payment_requests", "program_closing": "SELECT count(*) FROM program_closing",
	} {
		if got, n := len(files[table+".csv"])-1, e.count(t, want); got != n {
			t.Errorf("%s.csv has %d rows, the table %d", table, got, n)
		}
	}
	for _, name := range []string{"sessions.csv", "outbox.csv", "password_resets.csv", "signing_keys.csv"} {
		if _, ok := files[name]; ok {
			t.Errorf("the archive holds %s", name)
		}
	}
	for name, rows := range files {
		for _, col := range rows[0] {
			if strings.HasSuffix(col, "_hash") || (name == "deliverables.csv" && col == "content") {
				t.Errorf("%s has the column %s", name, col)
			}
		}
	}
	if err := e.a.Archive(ctx, e.demo.Actor("benefits@contoso.example"), io.Discard); err == nil {
		t.Error("a customer downloaded the archive")
	}
}

// checkArchive reads an archive, checks each file against the manifest
// (every file listed, its rows and SHA-256) and returns each CSV's records.
func checkArchive(t *testing.T, b []byte) map[string][][]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var m app.Manifest
	files := map[string][][]string{}
	sums := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "manifest.json" {
			if err := json.Unmarshal(body, &m); err != nil {
				t.Fatal(err)
			}
			continue
		}
		sum := sha256.Sum256(body)
		sums[f.Name] = hex.EncodeToString(sum[:])
		if files[f.Name], err = csv.NewReader(bytes.NewReader(body)).ReadAll(); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
	}
	if len(m.Files) != len(files) || len(files) < 20 {
		t.Fatalf("manifest lists %d files, the archive has %d", len(m.Files), len(files))
	}
	for _, f := range m.Files {
		if sums[f.Name] != f.SHA256 || len(files[f.Name])-1 != f.Rows {
			t.Errorf("%s: manifest says %d rows, %s; the file has %d rows, %s", f.Name, f.Rows, f.SHA256, len(files[f.Name])-1, sums[f.Name])
		}
	}
	return files
}
