package web

import (
	"context"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"sapsportal/internal/store"
	"sapsportal/internal/web/ui"
)

// cleanInput answers 400, naming the field, when a query or form value, a
// field name or a file name holds a NUL byte or invalid UTF-8: no handler
// and no query ever sees one.
func cleanInput(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		field, ok := badField(r)
		defer func() {
			if r.MultipartForm != nil { // parsed here, on this request: its temporary files are ours to remove
				r.MultipartForm.RemoveAll()
			}
		}()
		if !ok {
			v := ui.FromContext(r.Context())
			msg := v.T("The form or address could not be read.")
			if field != "" {
				msg = v.T("The field %s contains a character that is not allowed (a NUL byte or invalid UTF-8).", strconv.Quote(strings.ToValidUTF8(field, "?")))
			}
			w.Header().Set("Cache-Control", "no-store")
			ui.Render(w, r, http.StatusBadRequest, ui.ErrorPage(v, v.T("Request refused"), msg))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// badField is the first field whose name or value is not clean text ("" and
// false when the request itself cannot be read; true when all is clean).
func badField(r *http.Request) (string, bool) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return "", false
	}
	if f, ok := cleanValues(q); !ok {
		return f, false
	}
	if r.Method != http.MethodPost {
		return "", true
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		// A body too large is the handler's to explain; the fields that
		// could be read are checked.
		if err := r.ParseMultipartForm(32 << 20); err != nil || r.MultipartForm == nil {
			return "", true
		}
		if f, ok := cleanValues(r.MultipartForm.Value); !ok {
			return f, false
		}
		for name, files := range r.MultipartForm.File {
			for _, fh := range files {
				if !clean(name) || !clean(fh.Filename) {
					return name, false
				}
			}
		}
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return "", false
		}
		if f, ok := cleanValues(r.PostForm); !ok {
			return f, false
		}
	}
	return "", true
}

func cleanValues(vs map[string][]string) (string, bool) {
	for name, values := range vs {
		if !clean(name) {
			return name, false
		}
		for _, v := range values {
			if !clean(v) {
				return name, false
			}
		}
	}
	return "", true
}

// oncePerKey makes a form that carries a one-time key (ui.SubmissionKey)
// safe to send twice: the key is recorded in the transaction of the change,
// so a second submission changes nothing; once the first was answered, the
// second gets the same answer (its redirect).
func (s *Server) oncePerKey(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := ""
		if r.Method == http.MethodPost {
			key = r.PostFormValue("_key")
		}
		if len(key) < 16 || len(key) > 64 {
			next.ServeHTTP(w, r)
			return
		}
		if used, status, location, err := s.store.SubmissionOutcome(r.Context(), key); err == nil && used {
			if status != 0 {
				http.Redirect(w, r, location, status) // the first answer, again
			} else {
				ui.Error(w, r, store.ErrAlreadySubmitted)
			}
			return
		}
		ctx := store.WithSubmission(r.Context(), key)
		rec := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(rec, r.WithContext(ctx))
		if store.SubmissionRecorded(ctx) && rec.status == http.StatusSeeOther {
			if err := s.store.RecordOutcome(context.WithoutCancel(ctx), key, rec.status, rec.Header().Get("Location")); err != nil {
				ui.Logger(ctx).Warn("form outcome not recorded", "err", err)
			}
		}
	})
}

func clean(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }
