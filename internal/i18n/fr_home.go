package i18n

// Home pages (issue 16, items 9–12): to-dos, emails, pictures and lists.
func init() {
	addFrench(map[string]string{
		// To-dos
		"What to do next":       "À faire ensuite",
		"Nothing to do.":        "Rien à faire.",
		"Last day:":             "Dernier jour :",
		"today is the last day": "c'est aujourd'hui le dernier jour",
		"Activate the benefit of enrollment %s to create vouchers from its %s.":               "Activez l'avantage de l'inscription %s pour créer des bons à partir de ses %s.",
		"Use the %s left in enrollment %s: they will be removed on %s.":                       "Utilisez les %s restants de l'inscription %s : ils seront retirés le %s.",
		"Voucher %s (%s) is not reserved by a partner yet.":                                   "Le bon %s (%s) n'est encore réservé par aucun partenaire.",
		"Submit the completion report of voucher %s: the engagement has ended.":               "Envoyez le rapport de fin de mission du bon %s : la mission est terminée.",
		"Redeem voucher %s: its report is submitted.":                                         "Utilisez le bon %s : son rapport est envoyé.",
		"Request payment for voucher %s, redeemed on %s.":                                     "Demandez le paiement du bon %s, utilisé le %s.",
		"Approve or deny the payment request for voucher %s, requested on %s.":                "Approuvez ou refusez la demande de paiement du bon %s, faite le %s.",
		"Decide the partners' enrollment requests (%d), the oldest from %s.":                  "Traitez les demandes d'inscription des partenaires (%d), la plus ancienne du %s.",
		"More vouchers are not reserved yet: see them all.":                                   "D'autres bons ne sont pas encore réservés : les voir tous.",
		"More engagements await their report: see every reserved voucher.":                    "D'autres missions attendent leur rapport : voir tous les bons réservés.",
		"More reported vouchers await redemption: see them all.":                              "D'autres bons déclarés attendent d'être utilisés : les voir tous.",
		"More redeemed vouchers await a payment request: see them all.":                       "D'autres bons utilisés attendent une demande de paiement : les voir tous.",
		"More payment requests await a decision: see the queue.":                              "D'autres demandes de paiement attendent une décision : voir la file.",
		"%s removed from this enrollment on %s, when the program retired its remaining days.": "%s retirés de cette inscription le %s, quand le programme a retiré les jours restants.",
		"No days left: nothing more can be created from this enrollment":                      "Plus aucun jour : rien ne peut plus être créé à partir de cette inscription",
		"Coming up": "À venir",
		"No voucher ends within 30 days and no day is at risk.":                          "Aucun bon ne se termine dans les 30 jours et aucun jour n'est menacé.",
		"To take part in the program":                                                    "Pour participer au programme",
		"When a customer sends you a voucher ID, validate it to reserve the engagement.": "Quand un client vous envoie un identifiant de bon, validez-le pour réserver la mission.",

		// Pictures
		"Passed, %s:":                       "Passé, %s :",
		"Ahead, %s:":                        "À venir, %s :",
		"Today, %s.":                        "Aujourd'hui, %s.",
		"None yet.":                         "Aucun pour l'instant.",
		"Money requested and paid by month": "Montants demandés et payés par mois",
		"Month":                             "Mois",
		"Amount requested":                  "Montant demandé",
		"Amount paid":                       "Montant payé",
		"No payment requested yet.":         "Aucun paiement demandé pour l'instant.",
	})
}
