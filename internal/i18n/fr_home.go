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

// Emails (issue 16, item 10).
func init() {
	addFrench(map[string]string{
		"Voucher %s reserved by %s": "Bon %s réservé par %s",
		"Your Planning Services voucher %s (%s, %d days) has been reserved by %s.\nPlanned engagement: %s to %s. Last valid day: %s.\n\nDetails: %s\n": "Votre bon de services de planification %s (%s, %d jours) a été réservé par %s.\nMission prévue : du %s au %s. Dernier jour de validité : %s.\n\nDétails : %s\n",
		"Completion report submitted for voucher %s": "Rapport de fin de mission envoyé pour le bon %s",
		"%s has submitted the completion report of the engagement of voucher %s (%s, %d days), delivered through %s.\nThe report and its deliverables are on the voucher's page.\n\nDetails: %s\n": "%s a envoyé le rapport de fin de la mission du bon %s (%s, %d jours), réalisée jusqu'au %s.\nLe rapport et ses livrables sont sur la page du bon.\n\nDétails : %s\n",
		"Payment requested for voucher %s": "Paiement demandé pour le bon %s",
		"Payment of %s has been requested for voucher %s (%s, %d days). The program reviews the request; you will be emailed its decision.\n\nDetails: %s\n": "Le paiement de %s a été demandé pour le bon %s (%s, %d jours). Le programme examine la demande ; sa décision vous sera envoyée par e-mail.\n\nDétails : %s\n",
		"Payment approved for voucher %s": "Paiement approuvé pour le bon %s",
		"The program approved the payment of %s for voucher %s (%s, %d days).\nPayment reference: %s.\n\nDetails: %s\n": "Le programme a approuvé le paiement de %s pour le bon %s (%s, %d jours).\nRéférence du paiement : %s.\n\nDétails : %s\n",
		"Payment denied for voucher %s": "Paiement refusé pour le bon %s",
		"The program denied the payment of %s for voucher %s (%s, %d days).\nReason: %s\n\nDetails: %s\n": "Le programme a refusé le paiement de %s pour le bon %s (%s, %d jours).\nMotif : %s\n\nDétails : %s\n",
		"%d Planning Services days removed from enrollment %s":                                            "%d jours de services de planification retirés de l'inscription %s",
		"The Planning Services program is retired: on %s the %d days that remained in enrollment %s were removed. No more vouchers can be created from it; vouchers already created stay valid until their own last valid day.\n\nYour days: %s\n": "Le programme de services de planification prend fin : le %s, les %d jours qui restaient dans l'inscription %s ont été retirés. Plus aucun bon ne peut en être créé ; les bons déjà créés restent valables jusqu'à leur propre dernier jour de validité.\n\nVos jours : %s\n",
	})
}

// The lifecycle stepper (issue 16, item 11).
func init() {
	addFrench(map[string]string{
		"Days over time": "Jours au fil du temps",
		"From %s on %s to %s on %s; remaining days are removed on %s.": "De %s le %s à %s le %s ; les jours restants sont retirés le %s.",
		"Removal, %s":                       "Retrait, %s",
		"Download as CSV (for Excel)":       "Télécharger en CSV (pour Excel)",
		"Planned engagement":                "Mission prévue",
		"Paid on":                           "Payé le",
		"Where the voucher is":              "Où en est le bon",
		"%s: done on %s.":                   "%s : fait le %s.",
		"%s since %s: the voucher is here.": "%s depuis le %s : le bon en est là.",
		"%s on %s: the voucher ended here.": "%s le %s : le bon s'est arrêté là.",
		"%s: not yet.":                      "%s : pas encore.",
		"now, since %s":                     "en cours, depuis le %s",
		"ended %s":                          "terminé le %s",
		"not yet":                           "pas encore",
		"Last day to reserve it":            "Dernier jour pour le réserver",
		"Last day to deliver and report it": "Dernier jour pour réaliser la mission et la déclarer",
	})
}
