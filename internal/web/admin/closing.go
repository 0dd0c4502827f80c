package admin

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"sapsportal/internal/program"
	"sapsportal/internal/web/ui"
)

func init() {
	ui.Register(program.KindProgram, "Close the program", "/admin/closing")
}

// closingRoutes are the end of the program (DOMAIN.md §10): what stands in
// the way, the closing behind its confirmation, the statements and the
// archive.
func (h *Handler) closingRoutes(r chi.Router) {
	r.Get("/closing", ui.Handle(h.closing))
	r.Get("/closing/confirm", ui.Handle(h.closingConfirm))
	r.Post("/closing", ui.Handle(h.closeProgram))
	r.Get("/statements", ui.Handle(func(w http.ResponseWriter, r *http.Request) error {
		return ui.ServeStatements(w, r, h.App, "/admin/statements")
	}))
	r.Get("/statements/enrollments.csv", ui.Handle(func(w http.ResponseWriter, r *http.Request) error {
		return ui.ServeEnrollmentStatementsCSV(w, r, h.App)
	}))
	r.Get("/statements/partners.csv", ui.Handle(func(w http.ResponseWriter, r *http.Request) error {
		return ui.ServePartnerStatementsCSV(w, r, h.App)
	}))
	r.Get("/archive", ui.Handle(h.archive))
}

func (h *Handler) closing(w http.ResponseWriter, r *http.Request) error {
	return h.renderClosing(w, r, http.StatusOK, false, "")
}

func (h *Handler) closingConfirm(w http.ResponseWriter, r *http.Request) error {
	return h.renderClosing(w, r, http.StatusOK, true, "")
}

// renderClosing shows what stands in the way; confirm: the confirmation
// step, when nothing does.
func (h *Handler) renderClosing(w http.ResponseWriter, r *http.Request, status int, confirm bool, msg string) error {
	v := ui.FromContext(r.Context())
	s, err := h.App.ClosingState(r.Context(), v.Actor())
	if err != nil {
		return err
	}
	return ui.Render(w, r, status, closingPage(v, s, confirm && s.Obstacles.None() && !s.Closing.Closed(), msg))
}

func (h *Handler) closeProgram(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	return h.act(w, r, func() error {
		_, err := h.App.CloseProgram(r.Context(), v.Actor())
		return err
	}, "/admin/closing", v.T("The program is closed. Nothing can change any more; the statements and the archive are final."),
		func(status int, msg string) error { return h.renderClosing(w, r, status, false, msg) })
}

// archive streams the program's archive (a zip), built as it is sent.
func (h *Handler) archive(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	if !program.Can(v.Current.Role, program.ActManageProgram) {
		return program.NotFound("page")
	}
	name := "sapsportal-archive.zip"
	if c, err := h.App.Closing(r.Context()); err != nil {
		return err
	} else if c.Closed() {
		name = "sapsportal-archive-" + c.On.String() + ".zip"
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "private, no-store")
	if err := h.App.Archive(r.Context(), v.Actor(), w); err != nil {
		// The response has begun: the download breaks off, and the log says why.
		ui.Logger(r.Context()).Error("archive download broken off", "err", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}
