package customer_test

import (
	"context"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"sapsportal/internal/program"
	"sapsportal/internal/web/webtest"
)

// todos reads a home page's to-do list as "kind href" lines, in order.
func todos(p *webtest.Page) []string {
	var out []string
	p.Doc.Find("[data-testid=todo]").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Find("a").Attr("href")
		out = append(out, s.AttrOr("data-kind", "")+" "+href)
	})
	return out
}

func TestHomeToDosAreTrue(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	c1, c2 := e.Demo.Enrollments["SA-CONTOSO-US-01"], e.Demo.Enrollments["SA-CONTOSO-US-02"]
	assigned := e.Demo.Vouchers["contoso-assigned"]
	p := e.SignIn("benefits@contoso.example").Get("/customer")
	// 1 March 2021: the days of both enrollments by 30 June (the active
	// one's link creates a voucher, the inactive one's activates it first),
	// then the unreserved voucher by its last valid day, 18 August.
	want := []string{
		"use_days /customer/days",
		"use_days /customer/vouchers/new?enrollment=" + id(c2),
		"activate /customer#enr-" + id(c1),
		"unreserved /customer/vouchers/" + id(assigned.ID),
	}
	if got := todos(p); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("to-dos:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	first := p.Doc.Find("[data-testid=todo]").First()
	if got := strings.Join(strings.Fields(first.Text()), " "); !strings.Contains(got, "Use the 40 days left in enrollment SA-CONTOSO-US-01: they will be removed on 1 July 2021.") ||
		!strings.Contains(got, "Last day: 30 June 2021 (UTC) — 122 days left") {
		t.Errorf("first to-do: %q", got)
	}
	if p.Doc.Find("[data-testid=nothing-to-do]").Length() != 0 {
		t.Error("Nothing to do shown beside to-dos")
	}
	// Count tiles link to the list filtered on their state.
	if href, _ := p.Doc.Find(`[data-testid=state-tiles] [data-state=ASSIGNED] a`).Attr("href"); href != "/customer/vouchers?state=ASSIGNED" {
		t.Errorf("assigned tile links to %q", href)
	}
	// The retirement timeline, past and future told apart, with its words.
	if n := p.Doc.Find(`[data-testid=rt-mark][data-past=true]`).Length(); n != 2 {
		t.Errorf("%d passed milestones on 1 March 2021, want 2 (1 February 2020 and 2021)", n)
	}
	if desc := p.Text("#rt-desc"); !strings.Contains(desc, "Passed, 1 February 2021:") || !strings.Contains(desc, "Today, 1 March 2021.") ||
		!strings.Contains(desc, "Ahead, 1 July 2021:") {
		t.Errorf("timeline description: %q", desc)
	}

	// The project manager sees only their own voucher.
	pm := e.SignIn("pm@contoso.example").Get("/customer")
	if got := todos(pm); len(got) != 1 || got[0] != "unreserved /customer/vouchers/"+id(assigned.ID) {
		t.Errorf("project manager's to-dos: %v", got)
	}

	// After the removal: how many days went from which enrollment, no
	// benefit "active" with 0 days, and nothing to do until the voucher's end.
	e.SetDate(program.D(2021, 7, 2))
	if _, err := e.App.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	p = e.SignIn("benefits@contoso.example").Get("/customer")
	c2card := p.Doc.Find(`[data-agreement="SA-CONTOSO-US-02"]`)
	if got := c2card.Find("[data-testid=removed]").Text(); !strings.Contains(got, "removed from this enrollment on 1 July 2021 (UTC)") {
		t.Errorf("removed: %q", got)
	}
	if got := c2card.Find("[data-testid=benefit-state]").Text(); got == "Benefit active" {
		t.Error("a benefit with 0 days is shown active")
	}
	if got := p.Doc.Find(`[data-agreement="SA-CONTOSO-US-01"] [data-testid=removed]`).Text(); !strings.HasPrefix(got, "40 days removed") {
		t.Errorf("SA-CONTOSO-US-01 removed: %q", got)
	}
	if got := todos(p); len(got) != 1 || !strings.HasPrefix(got[0], "unreserved ") {
		t.Errorf("to-dos after the removal: %v", got)
	}
	// Once the voucher has expired too: truly nothing to do.
	e.SetDate(program.D(2021, 8, 19))
	if _, err := e.App.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	p = e.SignIn("benefits@contoso.example").Get("/customer")
	if len(todos(p)) != 0 || p.Text("[data-testid=nothing-to-do]") != "Nothing to do." {
		t.Errorf("after everything ended: %v %q", todos(p), p.Text("[data-testid=todos]"))
	}
}

func TestHomeToDosInFrench(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("benefits@contoso.example")
	b.Lang = "fr"
	p := b.Get("/customer")
	if got := p.Text("#todos-title"); got != "À faire ensuite" {
		t.Errorf("title: %q", got)
	}
	if got := strings.Join(strings.Fields(p.Doc.Find("[data-testid=todo]").First().Text()), " "); !strings.Contains(got, "Dernier jour : 30 juin 2021 (UTC)") {
		t.Errorf("first to-do in French: %q", got)
	}
}
