package ui

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"sapsportal/internal/program"
)

// A refused form, shown again:
//
//   - the handler returns every problem at once (program.Problems, or a
//     Form reader's), and ui.Refused (or ui.Act) shows the page again;
//   - the page keeps what was typed: value={ v.ValueOr("name", saved) },
//     checked?={ v.Checked("days", "5") }, selected?={ v.Selected("role", r) };
//   - each field says what is wrong beside it, and the summary at the top
//     (ui.Refusal) links to it (href="#name", so the field's id is its name):
//
//     <label for="name">{ v.T("Name") } @ui.Limit(program.MaxName)</label>
//     <input id="name" name="name" maxlength={ ui.Max(program.MaxName) } value={ v.Value("name") } { v.Aria("name")... }/>
//     @ui.FieldError("name")

// FieldProblem is what is wrong with one field of a refused form.
type FieldProblem struct {
	Field   string // the field's name, which is also its input's id
	Label   string // the field as people say it ("" when the page did not name it)
	Message string
}

// Problems lists the refused form's fields in the order they were found.
func (v *View) Problems() []FieldProblem { return v.problems }

// FieldError is what is wrong with a field of the refused form ("" when
// nothing is).
func (v *View) FieldError(name string) string {
	for _, p := range v.problems {
		if p.Field == name {
			return p.Message
		}
	}
	return ""
}

// Aria marks a refused field for assistive technology: aria-invalid, and
// aria-describedby pointing to its message (FieldError).
func (v *View) Aria(name string) templ.Attributes {
	if v.FieldError(name) == "" {
		return templ.Attributes{}
	}
	return templ.Attributes{"aria-invalid": "true", "aria-describedby": name + "-error"}
}

// Refusing reports whether the page shows a refused form (what was typed is
// in Typed).
func (v *View) Refusing() bool { return v.Typed != nil }

// ValueOr is the field as typed in the refused form, or def (the saved
// value) when no form was refused.
func (v *View) ValueOr(name, def string) string {
	if v.Refusing() {
		return v.Typed.Get(name)
	}
	return def
}

// Checked reports whether a checkbox or radio button (name=value) was
// ticked in the refused form.
func (v *View) Checked(name, value string) bool {
	return slices.Contains(v.Typed[name], value)
}

// CheckedOr is Checked for a refused form, def otherwise.
func (v *View) CheckedOr(name, value string, def bool) bool {
	if v.Refusing() {
		return v.Checked(name, value)
	}
	return def
}

// Selected is Checked for the options of a select.
func (v *View) Selected(name, value string) bool { return v.Checked(name, value) }

// Label names a field for the error summary ("Summary: this text is …").
func (v *View) Label(name, label string) {
	if v.labels == nil {
		v.labels = map[string]string{}
	}
	v.labels[name] = label
}

// setProblems records err's refusals of fields and returns the message to
// show above the form: the refusals that are about no field, or, when all
// are about fields, a line that says so (the summary lists them).
func (v *View) setProblems(err error) string {
	v.problems = nil
	var others []string
	for _, rf := range program.Refusals(err) {
		msg := v.Localize(rf.Message, rf.Format, rf.Args)
		if rf.Field == "" {
			if !slices.Contains(others, msg) {
				others = append(others, msg)
			}
			continue
		}
		if v.FieldError(rf.Field) != "" {
			continue // one message per field: the first found
		}
		label := v.labels[rf.Field]
		if label != "" {
			label = v.T(label)
		}
		v.problems = append(v.problems, FieldProblem{Field: rf.Field, Label: label, Message: msg})
	}
	if len(others) > 0 {
		return strings.Join(others, " ")
	}
	if len(v.problems) > 0 {
		return v.T("Nothing was changed. Correct what is marked and send the form again.")
	}
	return ""
}

// Max is a length limit as an attribute value (maxlength={ ui.Max(n) }).
func Max(n int) string { return strconv.Itoa(n) }

// Form reads a posted form field by field. What cannot be read (a date
// that is no date, a number that is no number) becomes a refusal of that
// field, named for people; Err reports them all at once, with the use
// case's own (Check) for the fields that could be read.
type Form struct {
	r *http.Request
	v *View
	p program.Problems
}

// ReadForm starts reading r's form.
func ReadForm(r *http.Request) *Form {
	r.ParseForm()
	return &Form{r: r, v: FromContext(r.Context())}
}

// Text is a field as typed (spaces kept: the use case trims), and names it
// for the error summary.
func (f *Form) Text(name, label string) string {
	f.v.Label(name, label)
	return f.r.FormValue(name)
}

// Date reads a YYYY-MM-DD field: zero when left blank (the use case says
// whether it is needed); a refusal naming the field when it is no date
// (2021-02-30, 15/03/2021).
func (f *Form) Date(name, label string) program.Date {
	f.v.Label(name, label)
	s := strings.TrimSpace(f.r.FormValue(name))
	if s == "" {
		return program.Date{}
	}
	d, err := program.ParseDate(s)
	if err != nil {
		f.p.Add(program.Invalid(name, "%s is not a date: write it as YYYY-MM-DD, for example 2021-03-15.", f.v.T(label)))
		return program.Date{}
	}
	return d
}

// Int reads a whole number: zero when left blank; a refusal naming the
// field when it is not one.
func (f *Form) Int(name, label string) int {
	f.v.Label(name, label)
	s := strings.TrimSpace(f.r.FormValue(name))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < -1_000_000_000 || n > 1_000_000_000 {
		f.p.Add(program.Invalid(name, "%s must be a whole number, such as 5.", f.v.T(label)))
		return 0
	}
	return n
}

// ID reads a choice's id (0 when absent, which the use case refuses).
func (f *Form) ID(name string) int64 { return FormID(f.r, name) }

// Check adds the refusals of err (a use case's or a validator's) about
// fields that could be read: a field the form had already refused keeps
// its own messages; err's several refusals of one field are all kept (a
// report's refused files, each named).
func (f *Form) Check(err error) {
	had := map[string]bool{} // fields the form had already refused
	for _, rf := range program.Refusals(f.p.Err()) {
		had[rf.Field] = true
	}
	for _, rf := range program.Refusals(err) {
		if rf.Field == "" || !had[rf.Field] {
			f.p.Add(rf)
		}
	}
	if err != nil && len(program.Refusals(err)) == 0 {
		f.p.Add(err) // not a refusal: an internal error goes up as it is
	}
}

// Err is every problem found so far (nil when none).
func (f *Form) Err() error { return f.p.Err() }

// Then runs do once the form could be read: the refusals of the form, or
// do's own, in one error (so that ui.Act shows them all at once).
func (f *Form) Then(do func() error) func() error {
	return func() error {
		if err := f.Err(); err != nil {
			return err
		}
		return do()
	}
}

// Renamed is err with its refusals of the use case's fields named as the
// form names them (names: use case's → form's), so that each message sits
// beside the field the person typed in.
func Renamed(err error, names map[string]string) error {
	rs := program.Refusals(err)
	if len(rs) == 0 {
		return err
	}
	var p program.Problems
	for _, rf := range rs {
		if to, ok := names[rf.Field]; ok {
			c := *rf
			c.Field = to
			rf = &c
		}
		p.Add(rf)
	}
	return p.Err()
}

// Has reports whether the form has a problem with field.
func (f *Form) Has(field string) bool { return f.p.Has(field) }

// Run is do once the form could be read, or the form's refusals (do is not
// called: a half-read form changes nothing).
func (f *Form) Run(do func() error) error { return f.Then(do)() }

// Row names a per-row form's fields by its row (date → date-42), as its
// inputs' ids are, so that a refusal sits beside the row's own field.
func Row(err error, row int64, fields ...string) error {
	names := map[string]string{}
	for _, f := range fields {
		names[f] = f + "-" + ID(row)
	}
	return Renamed(err, names)
}

// If is s when ok, "" otherwise (a per-row form's value: only the row
// that was refused keeps what was typed).
func If(ok bool, s string) string {
	if ok {
		return s
	}
	return ""
}
