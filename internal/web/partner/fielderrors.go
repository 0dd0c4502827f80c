package partner

import (
	"net/http"

	"sapsportal/internal/program"
	"sapsportal/internal/web/ui"
)

// formErrors are every refusal of a partner's voucher form, each shown
// beside its field and all listed in a summary at the top that links to
// the fields (issue 16: all errors at once, never only the first). They
// are kept per form, not in the View as ui.Refused keeps them, because a
// voucher's page carries several forms whose fields share names
// (start_on and consultants are in the report and in the reschedule form).
type formErrors struct {
	List    []fieldError
	byField map[string]string
}

type fieldError struct {
	Field   string
	Input   string // the id of the input the summary links to ("" when none)
	Message string
}

// withForm joins what a form could not read (a date that is no date) with
// the use case's refusals; an internal error goes up as it is.
func withForm(f *ui.Form, err error) error {
	if err != nil && len(program.Refusals(err)) == 0 {
		return err
	}
	f.Check(err)
	return f.Err()
}

// errorsOf reads err's refusals in the reader's language; inputs maps a
// field to the id of its input.
func errorsOf(v *ui.View, err error, inputs map[string]string) formErrors {
	fe := formErrors{byField: map[string]string{}}
	for _, r := range program.Refusals(err) {
		msg := v.Localize(r.Message, r.Format, r.Args)
		in := inputs[r.Field]
		fe.List = append(fe.List, fieldError{Field: r.Field, Input: in, Message: msg})
		if in != "" {
			if prev := fe.byField[r.Field]; prev != "" {
				msg = prev + " " + msg
			}
			fe.byField[r.Field] = msg
		}
	}
	return fe
}

// For is the message beside field ("" when it has none).
func (fe formErrors) For(field string) string { return fe.byField[field] }

// Any reports whether there is anything to show.
func (fe formErrors) Any() bool { return len(fe.List) > 0 }

// errID is the id of a field's message, for aria-describedby.
func errID(input string) string { return input + "-error" }

// describedBy is the aria-describedby of an input: its hint and, when it
// has one, its error message.
func (fe formErrors) describedBy(field, input, hint string) string {
	s := hint
	if fe.For(field) != "" {
		if s != "" {
			s += " "
		}
		s += errID(input)
	}
	return s
}

// refusedForm shows a refused form again, as typed, with its errors; "not
// found" and internal errors go up as they are (as ui.Refused does).
func refusedForm(r *http.Request, err error, page func(status int, err error) error) error {
	v := ui.FromContext(r.Context())
	if len(program.Refusals(err)) == 0 || program.IsCode(err, program.CodeNotFound) {
		return err
	}
	v.Typed = r.PostForm
	return page(ui.Status(err), err)
}
