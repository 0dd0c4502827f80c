package i18n

// Issue 16's leftovers: the admin home's days by month, the simulated
// clock's consequences, the completion report's errors together.
func init() {
	addFrench(map[string]string{
		"Days by month":          "Jours par mois",
		"Days put into vouchers": "Jours mis dans des bons",
		"Days redeemed":          "Jours utilisés",
		// The simulated clock's confirmation.
		"Vouchers that expire":                         "Bons qui expirent",
		"No voucher expires by %s.":                    "Aucun bon n'expire d'ici le %s.",
		"Unused days":                                  "Jours non utilisés",
		"%d day goes back to enrollment %s":            "%d jour retourne à l'adhésion %s",
		"%d days go back to enrollment %s":             "%d jours retournent à l'adhésion %s",
		"…and %d more voucher.":                        "…et %d autre bon.",
		"…and %d more vouchers.":                       "…et %d autres bons.",
		"Enrollments whose remaining days are removed": "Adhésions dont les jours restants sont retirés",
		"No enrollment has days left to remove.":       "Aucune adhésion n'a de jours à retirer.",
		"Days removed":                                 "Jours retirés",
		"…and up to %d more enrollment.":               "…et jusqu'à %d autre adhésion.",
		"…and up to %d more enrollments.":              "…et jusqu'à %d autres adhésions.",
		"The date is too far ahead to list the vouchers and enrollments it affects.": "La date est trop lointaine pour lister les bons et les adhésions concernés.",
	})
}
