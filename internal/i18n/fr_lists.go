package i18n

// Lists and detail people look for (issue 16, item 12): each list's orders
// and count, the payment deadlines.
func init() {
	addFrench(map[string]string{
		"Sort by":                                "Trier par",
		"Sort the enrollments":                   "Trier les inscriptions",
		"Expiring soonest":                       "Expiration la plus proche",
		"Newest first":                           "Les plus récents d'abord",
		"Oldest first":                           "Les plus anciens d'abord",
		"Most days first":                        "Le plus de jours d'abord",
		"Name, A to Z":                           "Nom, de A à Z",
		"Name, Z to A":                           "Nom, de Z à A",
		"Partner, A to Z":                        "Partenaire, de A à Z",
		"%d voucher":                             "%d bon",
		"%d vouchers":                            "%d bons",
		"more than %d vouchers":                  "plus de %d bons",
		"more than %d payment requests":          "plus de %d demandes de paiement",
		"%d organisation":                        "%d organisation",
		"%d organisations":                       "%d organisations",
		"more than %d organisations":             "plus de %d organisations",
		"%d decided enrollment":                  "%d inscription décidée",
		"%d decided enrollments":                 "%d inscriptions décidées",
		"Awaiting a payment request":             "En attente d'une demande de paiement",
		"Payment deadline":                       "Date limite de demande de paiement",
		"%d voucher awaiting a payment request":  "%d bon en attente d'une demande de paiement",
		"%d vouchers awaiting a payment request": "%d bons en attente d'une demande de paiement",
		"more than %d vouchers awaiting a payment request": "plus de %d bons en attente d'une demande de paiement",
		"Sorted by payment deadline, soonest first.":       "Triés par date limite de demande de paiement, la plus proche d'abord.",
	})
}
