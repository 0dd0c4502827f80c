package ui

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// PathID reads a positive id from the URL; anything else is "not found".
func PathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		return 0, program.NotFound("page")
	}
	return id, nil
}

// FormID reads a whole number from a form (0 when absent or not a number,
// which the use case then refuses).
func FormID(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(r.FormValue(name)), 10, 64)
	return n
}

// FormInt is FormID for small numbers.
func FormInt(r *http.Request, name string) int { return int(FormID(r, name)) }

// FormIDs reads every value of a repeated field (checkboxes) as ids.
func FormIDs(r *http.Request, name string) []int64 {
	var ids []int64
	for _, s := range r.Form[name] {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			ids = append(ids, n)
		}
	}
	return ids
}

// FormDate reads a YYYY-MM-DD field (zero when absent or malformed).
func FormDate(r *http.Request, name string) program.Date {
	d, _ := program.ParseDate(strings.TrimSpace(r.FormValue(name)))
	return d
}

// Flasher shows a message on the next page.
type Flasher func(r *http.Request, kind, msg string)

// Refused shows a rule's refusal in the page it came from (page renders it
// with the refusal's status), with the form as typed and every field's
// message (see FieldError); "not found" and internal errors go up as they
// are.
func Refused(w http.ResponseWriter, r *http.Request, err error, page func(status int, msg string) error) error {
	v := FromContext(r.Context())
	if v.Message(err) == "" || program.IsCode(err, program.CodeNotFound) {
		return err
	}
	v.Typed = r.PostForm // the page shows the refused form as it was typed
	if v.Typed == nil {
		v.Typed = url.Values{}
	}
	return page(Status(err), v.setProblems(err))
}

// Act runs one change from a form: on success it flashes okMsg and
// redirects (303) to `to`; on a refusal the page shows why and nothing
// changed.
func Act(w http.ResponseWriter, r *http.Request, flash Flasher, do func() error, to, okMsg string, page func(status int, msg string) error) error {
	if err := do(); err != nil {
		return Refused(w, r, err, page)
	}
	return Done(w, r, flash, to, okMsg)
}

// Done flashes msg and redirects (303) to `to`, after a change.
func Done(w http.ResponseWriter, r *http.Request, flash Flasher, to, msg string) error {
	flash(r, "ok", msg)
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// VoucherCursor reads a voucher list's order ("sort") and keyset cursor
// ("after" = value_id, the value being the sorted column's) into f.
func VoucherCursor(q url.Values, f *store.VoucherFilter) {
	f.Sort = q.Get("sort")
	val, id, ok := strings.Cut(q.Get("after"), "_")
	if !ok {
		return
	}
	// The value is the sorted column's: a day (by expiry), a length (most
	// days first) or none (newest first); the list's order reads its own.
	f.AfterID, _ = strconv.ParseInt(id, 10, 64)
	f.AfterDays, _ = strconv.Atoi(val)
	f.AfterExpires, _ = program.ParseDate(val)
}

// NextVoucherPage is the link to the page after rows when more follow, with
// the same filters and order ("" when there is none); sort is the order
// the rows are in (app.VoucherPage's Sort), which the cursor follows.
func NextVoucherPage(base string, q url.Values, sort string, rows []store.VoucherRow, more bool) string {
	if !more || len(rows) == 0 {
		return ""
	}
	next := url.Values{}
	for k, vs := range q {
		next[k] = vs
	}
	last := rows[len(rows)-1]
	next.Set("sort", sort)
	switch sort {
	case store.SortDays:
		next.Set("after", strconv.Itoa(last.Days)+"_"+ID(last.ID))
	case store.SortNewest:
		next.Set("after", "_"+ID(last.ID))
	default:
		next.Set("after", last.ExpiresOn.String()+"_"+ID(last.ID))
	}
	return Path(base, next)
}

// OwnInvitation is the resend or withdraw button of one of the acting
// organisation's invitations ({id} in the path); act runs the change as
// its page does (Act, with that page to show a refusal in).
func OwnInvitation(change func(context.Context, app.Actor, int64, int64) error, okMsg string,
	act func(w http.ResponseWriter, r *http.Request, do func() error, okMsg string) error) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v := FromContext(r.Context())
		id, err := PathID(r, "id")
		if err != nil {
			return err
		}
		return act(w, r, func() error { return change(r.Context(), v.Actor(), v.Current.OrgID, id) }, v.T(okMsg))
	}
}

// NewSubmissionKey is a form's one-time key (see SubmissionKey).
func NewSubmissionKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
