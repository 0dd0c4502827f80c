package customer_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"sapsportal/internal/web/webtest"
)

// A form sent twice, or 32 times at once, makes its change once; the
// second answer is the first's.
func TestFormsAreSafeToSendAgain(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("benefits@contoso.example")

	// The confirm page's form carries its one-time key.
	form := createForm(e, "SA-CONTOSO-US-02", "SharePoint Deployment Planning", 1, "twice@contoso.example")
	confirm := b.Post("/customer/vouchers/new", form)
	key := confirm.Doc.Find(`[data-testid=confirm-form] input[name=_key], form input[name=_key]`).First().AttrOr("value", "")
	if len(key) < 16 {
		t.Fatalf("the confirm form has no one-time key: %q", key)
	}
	form.Set("confirm", "yes")
	form.Set("_key", key)
	first := b.Post("/customer/vouchers/new", form)
	again := b.Post("/customer/vouchers/new", form)
	if first.Status != http.StatusSeeOther || again.Status != http.StatusSeeOther || again.Location != first.Location {
		t.Errorf("sent twice: %d → %q, then %d → %q", first.Status, first.Location, again.Status, again.Location)
	}
	if n := e.Count("SELECT count(*) FROM vouchers WHERE project_manager_email = 'twice@contoso.example'"); n != 1 {
		t.Errorf("two submissions made %d vouchers", n)
	}

	// 32 at once.
	form.Set("project_manager", "burst@contoso.example")
	form.Set("_key", "burst-key-0123456789abcdef")
	balance := e.Count("SELECT balance FROM sa_enrollments WHERE id = $1", e.Demo.Enrollments["SA-CONTOSO-US-02"])
	var wg sync.WaitGroup
	statuses := make(chan int, 32)
	for range 32 {
		wg.Go(func() { statuses <- b.Post("/customer/vouchers/new", form).Status })
	}
	wg.Wait()
	close(statuses)
	for s := range statuses {
		if s != http.StatusSeeOther && s != http.StatusConflict {
			t.Errorf("a burst submission answered %d", s)
		}
	}
	if n := e.Count("SELECT count(*) FROM vouchers WHERE project_manager_email = 'burst@contoso.example'"); n != 1 {
		t.Errorf("32 submissions at once made %d vouchers", n)
	}
	if got := e.Count("SELECT balance FROM sa_enrollments WHERE id = $1", e.Demo.Enrollments["SA-CONTOSO-US-02"]); got != balance-1 {
		t.Errorf("balance %d, want %d", got, balance-1)
	}

	// A retry after the answer was lost (the database failed over after the
	// commit): the change is there, the key says so, nothing more is done.
	v := e.Demo.Vouchers["contoso-assigned"]
	void := map[string][]string{"_key": {"void-key-0123456789abcdef"}}
	if p := b.Post("/customer/vouchers/"+id(v.ID)+"/void", void); p.Status != http.StatusSeeOther {
		t.Fatalf("void: %d", p.Status)
	}
	e.Exec("UPDATE submissions SET outcome_status = NULL WHERE key = 'void-key-0123456789abcdef'")
	entries := e.Count("SELECT count(*) FROM ledger_entries")
	p := b.Post("/customer/vouchers/"+id(v.ID)+"/void", void)
	if p.Status != http.StatusSeeOther && p.Status != http.StatusConflict {
		t.Errorf("the retry answered %d", p.Status)
	}
	if !strings.Contains(p.Text("main"), "already") && p.Status == http.StatusConflict {
		t.Errorf("the retry's page: %q", p.Text("main"))
	}
	if e.Count("SELECT count(*) FROM ledger_entries") != entries {
		t.Error("the retry changed the ledger")
	}
}
