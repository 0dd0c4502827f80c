package ui

import (
	"net/http"
	"strings"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
)

// AskWhatIf fills a home page's "What happens on …" when the page is asked
// with ?on=YYYY-MM-DD: the projection, or the reason there is none (with
// the status of a refusal: bad input changes nothing and says why).
func AskWhatIf(r *http.Request, a *app.App, w *app.WhatIfView) (int, error) {
	v := FromContext(r.Context())
	w.Zone = v.Zone
	w.Typed = strings.TrimSpace(r.URL.Query().Get("on"))
	if !r.URL.Query().Has("on") {
		return http.StatusOK, nil
	}
	if len(w.Typed) > 10 {
		w.Typed = w.Typed[:10]
	}
	on, err := program.ParseDate(w.Typed)
	if err != nil {
		w.Error = v.T("Enter the date as YYYY-MM-DD.")
		return http.StatusUnprocessableEntity, nil
	}
	pr, err := a.WhatIf(r.Context(), v.Actor(), on)
	if err != nil {
		if w.Error = v.Message(err); w.Error == "" {
			return 0, err
		}
		return Status(err), nil
	}
	w.Projection = &pr
	return http.StatusOK, nil
}
