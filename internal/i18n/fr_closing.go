package i18n

// Closing the program (issue 18, DOMAIN.md §10): what stands in the way,
// the closing, the read-only portal, the close-out statements, the archive.
func init() {
	addFrench(map[string]string{
		// Refusals
		"The program closed on %s: nothing can change any more. You can still read your history and download your statements.":             "Le programme a été clôturé le %s : plus rien ne peut changer. Vous pouvez toujours consulter votre historique et télécharger vos relevés.",
		"The program was already closed on %s; closing cannot be repeated.":                                                                "Le programme a déjà été clôturé le %s ; la clôture ne peut pas être refaite.",
		"The program cannot close yet: %d vouchers are not in an end state, %d payment windows are open and %d payments await a decision.": "Le programme ne peut pas encore être clôturé : %d bons ne sont pas dans un état final, %d délais de paiement sont ouverts et %d paiements attendent une décision.",
		"Close-out statements are available once the program has closed.":                                                                  "Les relevés de clôture sont disponibles une fois le programme clôturé.",
		"The program is closed":                              "Le programme est clôturé",
		"The program closed on %s: the portal is read-only.": "Le programme a été clôturé le %s : le portail est en lecture seule.",

		// Close the program
		"Close the program": "Clôturer le programme",
		"The program is closed. Nothing can change any more; the statements and the archive are final.":                                      "Le programme est clôturé. Plus rien ne peut changer ; les relevés et l'archive sont définitifs.",
		"The program closed on %s. Nothing can change any more; people can still sign in, read their history and download their statements.": "Le programme a été clôturé le %s. Plus rien ne peut changer ; chacun peut toujours se connecter, consulter son historique et télécharger ses relevés.",
		"Are you sure?": "Êtes-vous sûr ?",
		"Closing the program on %s cannot be undone or repeated. Once it is closed:":                 "La clôture du programme le %s ne peut être ni annulée ni refaite. Une fois le programme clôturé :",
		"the portal is read-only: every change anyone tries is refused with the closing date;":       "le portail est en lecture seule : toute modification tentée est refusée avec la date de clôture ;",
		"people can still sign in, read their history and download their statements;":                "chacun peut toujours se connecter, consulter son historique et télécharger ses relevés ;",
		"the close-out statements (per customer enrollment, per partner, program totals) are final;": "les relevés de clôture (par inscription client, par partenaire, totaux du programme) sont définitifs ;",
		"the archive of every table of record can be downloaded, the same bytes every time.":         "l'archive de toutes les tables de référence peut être téléchargée, identique octet pour octet à chaque fois.",
		"Close the program now": "Clôturer le programme maintenant",
		"Nothing stands in the way: every voucher is in an end state and no payment awaits a decision.": "Plus rien ne s'y oppose : chaque bon est dans un état final et aucun paiement n'attend de décision.",
		"Close the program…": "Clôturer le programme…",
		"The program can close once every voucher is in an end state (expired, voided, paid, denied, or redeemed with its payment window closed) and no payment awaits a decision. Still in the way:": "Le programme peut être clôturé quand chaque bon est dans un état final (expiré, annulé, payé, refusé, ou utilisé avec son délai de paiement écoulé) et qu'aucun paiement n'attend de décision. S'y opposent encore :",
		"What":                                   "Quoi",
		"How many":                               "Combien",
		"Vouchers %s (not yet expired or ended)": "Bons %s (pas encore expirés ni terminés)",
		"Redeemed vouchers whose payment window is open": "Bons utilisés dont le délai de paiement est ouvert",
		"The last window closes after %s.":               "Le dernier délai se termine après le %s.",
		"Payments awaiting a decision":                   "Paiements en attente de décision",
		"Vouchers past their validity or payment window are settled by the catch-up, which also runs when you close.": "Les bons dont la validité ou le délai de paiement est passé sont réglés par le rattrapage, qui s'exécute aussi lors de la clôture.",
		"Statements and archive": "Relevés et archive",
		"Download the archive (zip: one CSV per table and a manifest)": "Télécharger l'archive (zip : un CSV par table et un manifeste)",

		// Statements
		"Close-out statements": "Relevés de clôture",
		"Close-out statement":  "Relevé de clôture",
		"The program closed on %s. These statements are final.":          "Le programme a été clôturé le %s. Ces relevés sont définitifs.",
		"The program is not closed yet: this is a preview, as of today.": "Le programme n'est pas encore clôturé : ceci est un aperçu, à la date d'aujourd'hui.",
		"Days per SA enrollment":                                         "Jours par inscription SA",
		"Accrued + converted − spent on vouchers + returned − removed on 1 July 2021 = balance. Forfeited days are part of those spent: vouchers that expired unused without giving their days back.": "Acquis + convertis − dépensés en bons + restitués − retirés le 1er juillet 2021 = solde. Les jours perdus font partie des jours dépensés : bons expirés inutilisés sans restitution de leurs jours.",
		"Accrued":           "Acquis",
		"Converted":         "Convertis",
		"Spent on vouchers": "Dépensés en bons",
		"Returned":          "Restitués",
		"Forfeited":         "Perdus",
		"Removed":           "Retirés",
		"Program totals":    "Totaux du programme",
		"Download the enrollments' statements (CSV)": "Télécharger les relevés des inscriptions (CSV)",
		"Partners: vouchers and payments":            "Partenaires : bons et paiements",
		"Vouchers reserved":                          "Bons réservés",
		"Vouchers redeemed":                          "Bons utilisés",
		"Payments requested":                         "Paiements demandés",
		"Awaiting a decision":                        "En attente de décision",
		"Approved and paid":                          "Approuvés et payés",
		"Denied":                                     "Refusés",
		"Download the partners' statements (CSV)":    "Télécharger les relevés des partenaires (CSV)",
	})
}
