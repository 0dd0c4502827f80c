package ui

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"

	"sapsportal/internal/i18n"
	"sapsportal/internal/program"
)

func postForm(values url.Values) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(values.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	v := &View{L: i18n.For("en")}
	return r.WithContext(WithView(r.Context(), v))
}

// A form reader names the field of a date that is no date and of a number
// that is no number, reports them together with the use case's refusals of
// other fields, and never hides one field's message behind another's.
func TestFormReportsEveryProblemAtOnce(t *testing.T) {
	r := postForm(url.Values{"start": {"2021-02-30"}, "end": {"15/03/2021"}, "days": {"five"}, "on": {"2021-03-01"}, "blank": {""}})
	f := ReadForm(r)
	if d := f.Date("start", "Planned start date"); !d.IsZero() {
		t.Errorf("2021-02-30 read as %v", d)
	}
	f.Date("end", "End date")
	f.Int("days", "Days")
	if d := f.Date("on", "Date"); d.String() != "2021-03-01" {
		t.Errorf("on = %v", d)
	}
	if d := f.Date("blank", "Blank"); !d.IsZero() || f.p.Has("blank") {
		t.Errorf("a blank date is the use case's to refuse, not a format error")
	}
	var uc program.Problems
	uc.Add(program.Invalid("start", "Enter the planned start date."))
	uc.Add(program.Invalid("summary", "Write a summary."))
	f.Check(uc.Err())

	var got []string
	for _, rf := range program.Refusals(f.Err()) {
		got = append(got, rf.Field+": "+rf.Message)
	}
	want := []string{
		"start: Planned start date is not a date: write it as YYYY-MM-DD, for example 2021-03-15.",
		"end: End date is not a date: write it as YYYY-MM-DD, for example 2021-03-15.",
		"days: Days must be a whole number, such as 5.",
		"summary: Write a summary.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A refused page keeps what was typed, says beside each field what is
// wrong (aria-invalid, aria-describedby) and sums it up at the top with a
// link to each field.
func TestRefusedPageMarksEachField(t *testing.T) {
	r := postForm(url.Values{"name": {"x"}, "summary": {"y"}})
	f := ReadForm(r)
	f.Text("summary", "Summary")
	var p program.Problems
	p.Add(program.Invalid("name", "Enter a name."))
	p.Add(program.Invalid("summary", "This text is %d characters long; at most %d are allowed.", 20000, program.MaxSummary))
	f.Check(p.Err())
	w := httptest.NewRecorder()
	err := Refused(w, r, f.Err(), func(status int, msg string) error {
		if status != http.StatusUnprocessableEntity {
			t.Errorf("status %d", status)
		}
		return Render(w, r, status, testForm(msg))
	})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(w.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	links := doc.Find(`[data-testid="error-summary"] a`)
	if links.Length() != 2 || links.Eq(0).AttrOr("href", "") != "#name" || links.Eq(1).AttrOr("href", "") != "#summary" {
		t.Fatalf("summary links: %s", must(links.Parent().Parent().Html()))
	}
	if got := strings.Join(strings.Fields(links.Eq(1).Text()), " "); got != "Summary: This text is 20,000 characters long; at most 10,000 are allowed." {
		t.Errorf("summary entry = %q", got)
	}
	in := doc.Find("#summary")
	if in.AttrOr("aria-invalid", "") != "true" || in.AttrOr("aria-describedby", "") != "summary-error" || in.AttrOr("value", "") != "y" {
		t.Errorf("input: %s", must(goquery.OuterHtml(in)))
	}
	if doc.Find("#summary-error").Text() == "" || doc.Find("#name-error").Text() != "Enter a name." {
		t.Errorf("field messages missing")
	}
	if doc.Find(`[data-testid="file-again"]`).Length() != 1 {
		t.Errorf("a file input of a refused form must say to choose the file again")
	}
}

func testForm(msg string) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		var b strings.Builder
		if err := Refusal(msg).Render(ctx, &b); err != nil {
			return err
		}
		v := FromContext(ctx)
		for _, name := range []string{"name", "summary"} {
			b.WriteString(`<input id="` + name + `" name="` + name + `" value="` + v.Value(name) + `"`)
			for k, a := range v.Aria(name) {
				b.WriteString(" " + k + `="` + a.(string) + `"`)
			}
			b.WriteString("/>")
			if err := FieldError(name).Render(ctx, &b); err != nil {
				return err
			}
		}
		if err := ChooseAgain("file").Render(ctx, &b); err != nil {
			return err
		}
		_, err := w.Write([]byte(b.String()))
		return err
	})
}

func must(s string, err error) string { return s }
