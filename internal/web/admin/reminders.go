package admin

import (
	"net/http"

	"sapsportal/internal/program"
	"sapsportal/internal/web/ui"
)

// reminderFields are the policy form's fields of reminder days, one per kind.
func reminderFields() []string {
	out := make([]string, len(program.ReminderKinds))
	for i, k := range program.ReminderKinds {
		out[i] = "reminder_" + string(k)
	}
	return out
}

func init() {
	ui.Register(program.KindProgram, "Reminders", "/admin/reminders")
	for k, label := range map[string]string{
		"reminder_removal":         "Reminders before the removal of remaining days",
		"reminder_assigned_expiry": "Reminders before an unreserved voucher expires",
		"reminder_voucher_expiry":  "Reminders to project managers before their voucher expires",
		"reminder_reserved_expiry": "Reminders before a reserved voucher expires",
		"reminder_redeem":          "Reminders before the last day to redeem a reported voucher",
		"reminder_payment_window":  "Reminders before a payment window closes",
	} {
		policyLabels[k] = label
	}
}

// reminders is the console's page of reminders sent and due next.
func (h *Handler) reminders(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	c, err := h.App.Reminders(r.Context(), v.Actor())
	if err != nil {
		return err
	}
	return ui.Render(w, r, http.StatusOK, remindersPage(v, c))
}
