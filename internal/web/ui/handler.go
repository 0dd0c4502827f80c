package ui

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"strconv"

	"github.com/a-h/templ"

	"sapsportal/internal/app"
	"sapsportal/internal/i18n"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// HandlerFunc is a handler that returns its error; Handle turns the error
// into the right page.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Handle adapts a HandlerFunc to net/http.
func Handle(h HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			Error(w, r, err)
		}
	}
}

// Render writes a component with a status, its table cells labelled with
// their columns (labelCells).
func Render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) error {
	var page bytes.Buffer
	// Into memory, whatever became of the request: the answer to a request
	// whose time ran out (a 503 page) must still be written, with its status.
	if err := c.Render(context.WithoutCancel(r.Context()), &page); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	return labelCells(w, page.Bytes())
}

// statusOf maps refusal codes to HTTP statuses, in one place. Anything that
// is not a refusal is an internal error.
func statusOf(err error) int {
	r, ok := program.AsRefusal(err)
	if !ok {
		if store.Unavailable(err) {
			return http.StatusServiceUnavailable
		}
		if errors.Is(err, store.ErrAlreadySubmitted) {
			return http.StatusConflict
		}
		return http.StatusInternalServerError
	}
	switch r.Code {
	case program.CodeNotFound:
		return http.StatusNotFound
	case program.CodeNotAllowed:
		return http.StatusForbidden
	case program.CodeInvalid:
		return http.StatusUnprocessableEntity
	case program.CodeTooManyAttempts:
		return http.StatusTooManyRequests
	}
	return http.StatusConflict
}

// Error renders the page for err: not found, not allowed, a refusal's own
// message, or a 500 page that shows only the request id (the log has the rest).
func Error(w http.ResponseWriter, r *http.Request, err error) {
	v := FromContext(r.Context())
	status := statusOf(err)
	var title, msg string
	switch status {
	case http.StatusNotFound:
		title, msg = v.T("Page not found"), v.T("There is no such page, or it is not yours to see.")
	case http.StatusForbidden:
		title, msg = v.T("Not allowed"), v.T("Your role does not allow this.")
	case http.StatusServiceUnavailable:
		Logger(r.Context()).Warn("database unavailable", "err", err)
		w.Header().Set("Retry-After", "5")
		title, msg = v.T("Try again in a moment"), v.T("The portal cannot reach its database right now. Try again in a moment; if you were saving something, check whether it was saved before you send it again.")
	case http.StatusInternalServerError:
		if errors.Is(err, context.Canceled) {
			if errors.Is(context.Cause(r.Context()), ErrStopping) {
				status, title, msg = http.StatusServiceUnavailable, v.T("Try again in a moment"), v.T("The portal is restarting. Try again in a moment.")
				w.Header().Set("Retry-After", "5")
				break
			}
			return // the person gave up
		}
		Logger(r.Context()).Error("request failed", "err", err)
		title, msg = v.T("Something went wrong"), v.T("The portal could not finish your request. Nothing was changed. Please try again; if it happens again, give the request id to the program's support.")
	default:
		if errors.Is(err, store.ErrAlreadySubmitted) {
			title, msg = v.T("Already sent"), v.T("This form was already sent and its change was made; nothing more was done.")
			break
		}
		rf, _ := program.AsRefusal(err)
		title, msg = v.T("Request refused"), v.T(rf.Message)
	}
	w.Header().Set("Cache-Control", "no-store")
	Render(w, r, status, ErrorPage(v, title, msg))
}

// ErrStopping is why the requests still running when the instance stops
// are ended: they answer 503, try again (on another instance).
var ErrStopping = errors.New("the portal is stopping")

// NotFound is the one "not found" answer.
func NotFound(w http.ResponseWriter, r *http.Request) { Error(w, r, program.NotFound("page")) }

type loggerKey struct{}

// WithLogger stores the request's logger.
func WithLogger(ctx context.Context, l *slog.Logger) context.Context {
	return context.WithValue(ctx, loggerKey{}, l)
}

// Logger is the request's logger (with its request id).
func Logger(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(loggerKey{}).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

// Actor is the signed-in user acting for their current organisation.
func (v *View) Actor() app.Actor {
	return app.Actor{UserID: v.User.ID, Email: v.User.Email, OrgID: v.Current.OrgID, OrgKind: v.Current.OrgKind,
		Role: v.Current.Role, RequestID: v.RequestID}
}

// Message is a refusal's message for people in the reader's language, its
// dates written for them; for any other error, "" (the caller returns it as
// an internal error).
func (v *View) Message(err error) string {
	r, ok := program.AsRefusal(err)
	if !ok {
		return ""
	}
	return v.Localize(r.Message, r.Format, r.Args)
}

// Localize is a message of the program (its English text, format and
// arguments) in the reader's language, or the English text when the
// catalog has no translation.
func (v *View) Localize(english, format string, args []any) string {
	if format == "" || !i18n.HasFrench(format) {
		return english
	}
	local := make([]any, len(args))
	for i, a := range args {
		if d, ok := a.(program.Date); ok {
			local[i] = v.L.Date(d)
		} else {
			local[i] = a
		}
	}
	return v.T(format, local...)
}

// Status is the HTTP status for a refusal shown in a page.
func Status(err error) int { return statusOf(err) }

// ServeDeliverable sends a deliverable file the actor may see, as a
// download (never rendered inline, whatever its type).
func ServeDeliverable(w http.ResponseWriter, r *http.Request, a *app.App) error {
	id, err := PathID(r, "id")
	if err != nil {
		return err
	}
	f, err := a.Deliverable(r.Context(), FromContext(r.Context()).Actor(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	w.Header().Set("Content-Length", strconv.Itoa(len(f.Content)))
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = w.Write(f.Content)
	return err
}
