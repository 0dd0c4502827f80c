package i18n

// Issue 16's leftovers: the admin home's days by month, the simulated
// clock's consequences, the completion report's errors together.
func init() {
	addFrench(map[string]string{
		"Days by month":          "Jours par mois",
		"Days put into vouchers": "Jours mis dans des bons",
		"Days redeemed":          "Jours utilisés",
	})
}
