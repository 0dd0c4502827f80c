package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
	"sapsportal/internal/web/ui"
)

// Refusals are RFC 9457 problem details: the JSON twin of ui.Refused. A
// refusal of the domain keeps its stable code, its rule, the date it
// rests on and its message in the reader's language (Accept-Language).

// ProblemBase is where each code's problem type lives: ProblemBase + code.
const ProblemBase = "https://sapsportal.example/problems/"

// Problem is one refusal as the API answers it.
type Problem struct {
	Type      string       `json:"type"`
	Title     string       `json:"title"`
	Status    int          `json:"status"`
	Detail    string       `json:"detail"`
	Code      string       `json:"code"`
	Rule      string       `json:"rule,omitempty"`
	Date      string       `json:"date,omitempty"` // YYYY-MM-DD
	Errors    []FieldError `json:"errors,omitempty"`
	RequestID string       `json:"request_id,omitempty"`
}

// FieldError is one field of a refused input.
type FieldError struct {
	Field  string `json:"field"`
	Detail string `json:"detail"`
}

// The API's own codes, beside the domain's program.Code values.
const (
	codeUnauthorized     = "unauthorized"
	codeReadOnly         = "read_only_token"
	codeMethod           = "method_not_allowed"
	codeMediaType        = "unsupported_media_type"
	codeTooLarge         = "body_too_large"
	codeMalformed        = "malformed_body"
	codeRateLimited      = "rate_limited"
	codeKeyReused        = "idempotency_key_reused"
	codeKeyInProgress    = "idempotency_key_in_progress"
	codeAlreadySubmitted = "already_submitted"
	codeUnavailable      = "unavailable"
	codeInternal         = "internal_error"
)

// apiError is a refusal of the API layer itself (not of a rule).
type apiError struct {
	status int
	code   string
	detail string // English; translated when written
	args   []any
	errors []FieldError
}

func (e *apiError) Error() string { return e.code }

func refuse(status int, code, detail string, args ...any) error {
	return &apiError{status: status, code: code, detail: detail, args: args}
}

var errUnauthorized = refuse(http.StatusUnauthorized, codeUnauthorized,
	"Send a valid API token as Authorization: Bearer <token>. A token that is revoked or expired, or whose person is no longer an active member of its organisation, does not work.")

// titles are the short, fixed summaries of each status.
var titles = map[int]string{
	http.StatusBadRequest:            "Bad request",
	http.StatusUnauthorized:          "Not signed in",
	http.StatusForbidden:             "Not allowed",
	http.StatusNotFound:              "Not found",
	http.StatusMethodNotAllowed:      "Method not allowed",
	http.StatusConflict:              "Request refused",
	http.StatusRequestEntityTooLarge: "Request too large",
	http.StatusUnsupportedMediaType:  "Unsupported media type",
	http.StatusUnprocessableEntity:   "Invalid input",
	http.StatusTooManyRequests:       "Too many requests",
	http.StatusInternalServerError:   "Internal error",
	http.StatusServiceUnavailable:    "Try again in a moment",
}

// problemOf turns any error into its problem: a refusal of the domain, of
// the API, or (logged, never shown) an internal error.
func problemOf(ctx context.Context, err error) Problem {
	v := ui.FromContext(ctx)
	p := Problem{RequestID: v.RequestID}
	var ae *apiError
	var mbe *http.MaxBytesError
	switch rf, isRefusal := program.AsRefusal(err); {
	case errors.As(err, &ae):
		p.Status, p.Code, p.Detail, p.Errors = ae.status, ae.code, v.T(ae.detail, ae.args...), ae.errors
	case errors.As(err, &mbe):
		p.Status, p.Code, p.Detail = http.StatusRequestEntityTooLarge, codeTooLarge, v.T("The request body is larger than the %d bytes this route takes.", mbe.Limit)
	case errors.Is(err, app.ErrBadToken):
		return problemOf(ctx, errUnauthorized)
	case isRefusal:
		p.Status, p.Code, p.Rule = ui.Status(err), string(rf.Code), rf.Rule
		p.Detail = v.Message(err)
		if !rf.Date.IsZero() {
			p.Date = rf.Date.String()
		}
		if rf.Code == program.CodeInvalid {
			p.Errors = []FieldError{{Field: rf.Field, Detail: p.Detail}}
		}
	case errors.Is(err, store.ErrAlreadySubmitted):
		p.Status, p.Code, p.Detail = http.StatusConflict, codeAlreadySubmitted, v.T("A request with this Idempotency-Key already made its change; nothing more was done.")
	case store.Unavailable(err):
		ui.Logger(ctx).Warn("database unavailable", "err", err)
		p.Status, p.Code, p.Detail = http.StatusServiceUnavailable, codeUnavailable, v.T("The portal cannot reach its database right now. Try again in a moment; if you were saving something, check whether it was saved before you send it again.")
	case errors.Is(err, context.Canceled) && errors.Is(context.Cause(ctx), ui.ErrStopping):
		p.Status, p.Code, p.Detail = http.StatusServiceUnavailable, codeUnavailable, v.T("The portal is restarting. Try again in a moment.")
	default:
		ui.Logger(ctx).Error("request failed", "err", err)
		p.Status, p.Code, p.Detail = http.StatusInternalServerError, codeInternal, v.T("The portal could not finish your request. Nothing was changed. Please try again; if it happens again, give the request id to the program's support.")
	}
	p.Type = ProblemBase + p.Code
	p.Title = v.T(titles[p.Status])
	return p
}

// writeProblem answers err as problem+json.
func writeProblem(w http.ResponseWriter, r *http.Request, err error) {
	p := problemOf(r.Context(), err)
	h := w.Header()
	switch p.Status {
	case http.StatusUnauthorized:
		h.Set("WWW-Authenticate", `Bearer realm="sapsportal"`)
	case http.StatusServiceUnavailable:
		h.Set("Retry-After", "5")
	}
	writeJSON(w, "application/problem+json", p.Status, p)
}

func writeJSON(w http.ResponseWriter, contentType string, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"type":"`+ProblemBase+codeInternal+`","title":"Internal error","status":500,"code":"`+codeInternal+`"}`)
		contentType = "application/problem+json"
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}
