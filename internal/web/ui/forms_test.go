package ui

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sapsportal/internal/program"
)

// The form decoders take any text: a number, a list of ids or a date, or
// nothing (zero) for the use case to refuse; never a panic.
func FuzzFormValues(f *testing.F) {
	for _, s := range []string{"12", " 7 ", "-1", "9223372036854775808", "2021-02-30", "2021-03-01", "15/03/2021", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		form := url.Values{"n": {s}, "ids": {s, "3", s}, "d": {s}}
		r, _ := http.NewRequest(http.MethodPost, "/", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		_ = FormID(r, "n")
		_ = FormInt(r, "n")
		for _, id := range FormIDs(r, "ids") {
			_ = id
		}
		if d := FormDate(r, "d"); !d.IsZero() {
			if back, err := program.ParseDate(d.String()); err != nil || back != d {
				t.Fatalf("FormDate(%q) = %v, which reads back as %v, %v", s, d, back, err)
			}
		}
	})
}
