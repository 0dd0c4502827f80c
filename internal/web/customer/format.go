package customer

import (
	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/web/ui"
)

func programCode(s string) string { return program.Code12(s).Display() }

// burnPoints are a ledger's balances after each entry, for its burn-down.
func burnPoints(e app.EnrollmentLedger) []ui.BurnPoint {
	out := make([]ui.BurnPoint, len(e.Lines))
	for i, l := range e.Lines {
		out[i] = ui.BurnPoint{On: l.EffectiveOn, Balance: l.Balance}
	}
	return out
}
