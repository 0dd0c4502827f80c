package customer

import (
	"net/http"

	"sapsportal/internal/program"
	"sapsportal/internal/web/ui"
)

// confirmVoid says what voiding a voucher will do before the final post
// (issue 16 item 8): its days go back to its enrollment; it can no longer
// be reserved.
func (h *Handler) confirmVoid(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	if err := program.Authorize(v.Current.Role, program.ActVoidVoucher); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	d, err := h.App.VoucherDetail(r.Context(), v.Actor(), id)
	if err != nil {
		return err
	}
	back := "/customer/vouchers/" + ui.ID(id)
	if d.Voucher.State != program.Assigned {
		return h.renderVoucher(w, r, http.StatusConflict, v.T("Only an assigned voucher can be voided; this one is %s.", v.StateLabel(d.Voucher.State)))
	}
	code := d.Voucher.Code.Display()
	return ui.Render(w, r, http.StatusOK, ui.ConfirmPage(v, ui.Confirmation{
		Title: v.T("Void voucher %s?", code),
		Happens: []string{
			v.T("Voucher %s (%s, %s) is void at once: no partner can reserve it, and it cannot be undone.", code, d.Voucher.EngagementType.Name, v.Days(d.Voucher.Days)),
			v.T("Its %s go back to enrollment %s.", v.Days(d.Voucher.Days), d.Voucher.AgreementNumber),
			v.T("%s can no longer give its ID to a partner.", d.Voucher.ProjectManagerEmail),
		},
		Action: back + "/void", Button: v.T("Void the voucher"), Back: back, Danger: true,
	}))
}
