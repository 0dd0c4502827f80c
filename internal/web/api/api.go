// Package api is the portal's JSON API under /api/v1 (issue 13), for
// partners, customers and admins scripting their work. Its handlers read
// JSON, call the same use cases (internal/app) as the pages and write JSON;
// no rule is decided here. Refusals are problem+json (problem.go); every
// request bears a personal API token (auth.go); every POST may carry an
// Idempotency-Key (idempotency.go); each token's requests are rate limited
// across instances (ratelimit.go).
package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// Prefix is where the API is mounted.
const Prefix = "/api/v1"

// Config is the API's deployment settings.
type Config struct {
	// RateLimit is how many requests a token may make per RateWindow
	// (default 600 a minute).
	RateLimit  int
	RateWindow time.Duration
}

// Handler serves the API.
type Handler struct {
	App   *app.App
	Store *store.Store
	Cfg   Config
}

// HandlerFunc is an API handler that returns its error; handle writes it
// as problem+json.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

func handle(h HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			writeProblem(w, r, err)
		}
	}
}

// Routes is every route of the API, in one list. Only the OpenAPI document
// is public; everything else needs a token.
func (h *Handler) Routes() chi.Router {
	r := chi.NewRouter()
	r.NotFound(handle(func(http.ResponseWriter, *http.Request) error { return program.NotFound("resource") }))
	r.MethodNotAllowed(handle(func(w http.ResponseWriter, r *http.Request) error {
		return refuse(http.StatusMethodNotAllowed, codeMethod, "%s is not allowed here.", r.Method)
	}))
	r.Get("/openapi.json", serveOpenAPI)
	r.Group(func(r chi.Router) {
		r.Use(h.authenticate, h.rateLimit, writeGuard, h.readOnlyOnceClosed, h.idempotent)
		r.Get("/me", handle(h.me))
		r.Route("/customer", func(r chi.Router) {
			r.Use(onlyKind(program.KindCustomer))
			r.Get("/enrollments", handle(h.enrollments))
			r.Get("/voucher-options", handle(h.voucherOptions))
			r.Get("/vouchers", handle(h.vouchers))
			r.Post("/vouchers", handle(h.createVoucher))
			r.Get("/vouchers/{id}", handle(h.voucher))
			r.Post("/vouchers/{id}/reassign", handle(h.reassign))
			r.Post("/vouchers/{id}/void", handle(h.void))
		})
		r.Route("/partner", func(r chi.Router) {
			r.Use(onlyKind(program.KindPartner))
			r.Get("/eligibility", handle(h.eligibility))
			r.Get("/vouchers", handle(h.vouchers))
			r.Post("/vouchers/validate", handle(h.validate))
			r.Post("/vouchers/reserve", handle(h.reserve))
			r.Post("/vouchers/redeem", handle(h.bulkRedeem))
			r.Get("/vouchers/{id}", handle(h.voucher))
			r.Post("/vouchers/{id}/cancel", handle(h.cancel))
			r.Post("/vouchers/{id}/report", handle(h.report))
			r.Post("/vouchers/{id}/redeem", handle(h.redeem))
			r.Post("/vouchers/{id}/payment", handle(h.requestPayment))
			r.Get("/payments", handle(h.payments))
		})
		r.Route("/admin", func(r chi.Router) {
			r.Use(onlyKind(program.KindProgram))
			r.Get("/organisations", handle(h.organisations))
			r.Get("/enrollments", handle(h.enrollmentQueue))
			r.Post("/enrollments/{id}/decision", handle(h.decideEnrollment))
			r.Get("/vouchers", handle(h.adminVouchers))
			r.Get("/vouchers/{id}", handle(h.voucher))
			r.Post("/vouchers/{id}/payment-decision", handle(h.decidePayment))
			r.Get("/payments", handle(h.paymentQueue))
			r.Get("/audit", handle(h.audit))
			r.Get("/policy", handle(h.policy))
		})
	})
	return r
}

// onlyKind admits only tokens acting for an organisation of kind; for any
// other the area does not exist (404), as for the pages.
func onlyKind(kind program.OrgKind) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if actorOf(r).OrgKind != kind {
				writeProblem(w, r, program.NotFound("resource"))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// writeGuard refuses every POST of a read-only token (403), and a body that
// is neither JSON nor, for a completion report, multipart (415).
func writeGuard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		if tokenOf(r).ReadOnly {
			writeProblem(w, r, refuse(http.StatusForbidden, codeReadOnly, "This token is read-only: it cannot change anything."))
			return
		}
		ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		want := "application/json"
		if strings.HasSuffix(r.URL.Path, "/report") {
			want = "multipart/form-data"
		}
		if ct != want && (ct != "" || r.ContentLength != 0) {
			writeProblem(w, r, refuse(http.StatusUnsupportedMediaType, codeMediaType, "Send the body as %s.", want))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// readOnlyOnceClosed refuses every POST once the program is closed, with
// the closing date, as the pages do (DOMAIN.md §10; the use cases and the
// database refuse too).
func (h *Handler) readOnlyOnceClosed(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		c, err := h.App.Closing(r.Context())
		if err != nil {
			writeProblem(w, r, err)
			return
		}
		if c.Closed() {
			writeProblem(w, r, program.ProgramClosed(c.On))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// decode reads a JSON body into dst (an empty body leaves it as it is).
// Unknown fields and values of the wrong type are invalid input, named.
func decode(r *http.Request, dst any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err = dec.Decode(dst)
	if err == nil && dec.More() {
		err = errors.New("trailing data")
	}
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return invalid(te.Field, jsonKind(te.Type.Kind().String()))
	}
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		field, _ = strconv.Unquote(field)
		return invalid(field, "There is no field %s here.", strconv.Quote(field))
	}
	return refuse(http.StatusBadRequest, codeMalformed, "The request body is not valid JSON.")
}

func jsonKind(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"), strings.HasPrefix(kind, "float"):
		return "This field must be a number."
	case kind == "bool":
		return "This field must be true or false."
	case kind == "slice":
		return "This field must be a list."
	case kind == "struct", kind == "map":
		return "This field must be an object."
	}
	return "This field must be text."
}

// invalid is bad input in one field, as the domain words it.
func invalid(field, format string, args ...any) error { return program.Invalid(field, format, args...) }

// pathID is the {id} of the path; anything but a positive number is "not
// found".
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, program.NotFound("resource")
	}
	return id, nil
}

// date reads an optional YYYY-MM-DD field.
func date(field, s string) (program.Date, error) {
	if strings.TrimSpace(s) == "" {
		return program.Date{}, nil
	}
	d, err := program.ParseDate(strings.TrimSpace(s))
	if err != nil {
		return d, invalid(field, "Write the date as YYYY-MM-DD.")
	}
	return d, nil
}

// ok writes a JSON answer.
func ok(w http.ResponseWriter, status int, v any) error {
	writeJSON(w, "application/json", status, v)
	return nil
}
