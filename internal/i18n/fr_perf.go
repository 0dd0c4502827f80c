package i18n

// French for the pages made fast at the program's size (issue 11).
func init() {
	addFrench(map[string]string{
		"The latest %d entries.": "Les %d dernières écritures.",
		"Show every entry":       "Afficher toutes les écritures",
		"More vouchers end within 30 days: see all your vouchers.":               "D'autres bons expirent dans les 30 jours : voir tous vos bons.",
		"More deadlines within 30 days: see all your vouchers.":                  "D'autres échéances dans les 30 jours : voir tous vos bons.",
		"More vouchers await a payment request: see all your redeemed vouchers.": "D'autres bons attendent une demande de paiement : voir tous vos bons utilisés.",
	})
}
