package i18n

// The partner's work on a voucher (issues 16 and 18): the reservation
// checklist, rescheduling, cancelling with a reason, typed deliverables,
// confirmations and the forms' error summaries.
func init() {
	addFrench(map[string]string{
		// Validation checklist and reservation
		"Voucher %s is not available":                                "Le bon %s n'est pas disponible",
		"Voucher %s is valid, but you cannot reserve it yet":         "Le bon %s est valide, mais vous ne pouvez pas encore le réserver",
		"The reservation form appears once every line above is met.": "Le formulaire de réservation apparaît lorsque chaque ligne ci-dessus est remplie.",
		"What a reservation needs":                                   "Ce qu'exige une réservation",
		"Voucher available":                                          "Bon disponible",
		"Voucher still valid":                                        "Bon encore valide",
		"A location in %s":                                           "Un site en/au %s",
		"Your organisation has already reserved it.":                 "Votre organisation l'a déjà réservé.",
		"Another partner has reserved it.":                           "Un autre partenaire l'a réservé.",
		"It is %s; only an assigned voucher can be reserved.":        "Il est à l'état %s ; seul un bon attribué peut être réservé.",
		"Valid through %s.":                                          "Valable jusqu'au %s inclus.",
		"Its last valid day was %s.":                                 "Son dernier jour de validité était le %s.",
		"None of your consultants has passed an exam of a competency that qualifies for %s, so its completion report could never be accepted. A consultant must record such an exam first.": "Aucun de vos consultants n'a réussi d'examen d'une compétence qualifiante pour %s : son rapport de fin de mission ne pourrait jamais être accepté. Un consultant doit d'abord enregistrer un tel examen.",
		"At least one of the consultants named must have passed an exam of a competency that qualifies for %s.":                                                                             "Au moins un des consultants nommés doit avoir réussi un examen d'une compétence qualifiante pour %s.",

		// Rescheduling
		"Change the plan": "Modifier le planning",
		"The project manager is emailed the new plan. The voucher's last valid day does not move: %s.": "Le chef de projet reçoit le nouveau planning par e-mail. Le dernier jour de validité du bon ne change pas : %s.",
		"Save the new plan": "Enregistrer le nouveau planning",
		"Voucher %s now starts on %s; the project manager has been emailed.":  "Le bon %s commence désormais le %s ; le chef de projet a été prévenu par e-mail.",
		"This is the current plan: change the start date or the consultants.": "C'est le planning actuel : modifiez la date de début ou les consultants.",
		"Plan changed (dates or consultants)":                                 "Planning modifié (dates ou consultants)",
		"History of planned dates":                                            "Historique des dates prévues",
		"%s: from %s – %s to %s – %s":                                         "%s : du %s – %s au %s – %s",
		"Voucher %s: new planned dates":                                       "Bon %s : nouvelles dates prévues",
		"The partner changed the plan of your Planning Services voucher %s (%s, %d days).\nPlanned dates: %s – %s (were %s – %s).\nThe voucher's last valid day does not change: %s.\n\nDetails: %s\n": "Le partenaire a modifié le planning de votre bon Planning Services %s (%s, %d jours).\nDates prévues : %s – %s (auparavant %s – %s).\nLe dernier jour de validité du bon ne change pas : %s.\n\nDétails : %s\n",

		// Cancelling with a reason
		"Cancel reservation…":                  "Annuler la réservation…",
		"Cancel the reservation of voucher %s": "Annuler la réservation du bon %s",
		"What will happen":                     "Ce qui va se passer",
		"Voucher %s (%s) goes back to its customer, %s: it is theirs again to give to a partner.":                       "Le bon %s (%s) revient à son client, %s : il peut de nouveau le confier à un partenaire.",
		"No days return to the customer's ledger: they stay on the voucher, whose last valid day does not change (%s).": "Aucun jour ne revient au solde du client : ils restent sur le bon, dont le dernier jour de validité ne change pas (%s).",
		"The project manager, %s, is emailed, with the reason you give.":                                                "Le chef de projet, %s, est prévenu par e-mail, avec le motif que vous indiquez.",
		"Your organisation no longer sees the voucher; the customer sees the reason on its page.":                       "Votre organisation ne voit plus le bon ; le client voit le motif sur sa page.",
		"Why is the reservation cancelled?":                                                                             "Pourquoi la réservation est-elle annulée ?",
		"required for “Other”; at most %s characters":                                                                   "obligatoire pour « Autre » ; %s caractères au plus",
		"Keep the reservation": "Garder la réservation",
		"Voucher %s is not reserved: there is no reservation to cancel.":                                                                   "Le bon %s n'est pas réservé : il n'y a pas de réservation à annuler.",
		"The reservation of voucher %s is cancelled (%s); the voucher is back with its customer and the project manager has been emailed.": "La réservation du bon %s est annulée (%s) ; le bon revient à son client et le chef de projet a été prévenu par e-mail.",
		"The offering or program changed":          "L'offre ou le programme a changé",
		"The engagement will not take place":       "La mission n'aura pas lieu",
		"The customer chose another partner":       "Le client a choisi un autre partenaire",
		"Other":                                    "Autre",
		"Reason: %s":                               "Motif : %s",
		"Choose why the reservation is cancelled.": "Choisissez le motif de l'annulation.",
		"Write why the reservation is cancelled.":  "Écrivez le motif de l'annulation.",
		"The partner cancelled its reservation of your Planning Services voucher %s (%s, %d days).\nReason: %s\nThe voucher is yours again and can be given to another partner until %s.\n\nDetails: %s\n": "Le partenaire a annulé sa réservation de votre bon Planning Services %s (%s, %d jours).\nMotif : %s\nLe bon est de nouveau à vous et peut être confié à un autre partenaire jusqu'au %s.\n\nDétails : %s\n",

		// Redeeming, after a confirmation
		"Redeem…":             "Utiliser…",
		"Redeem vouchers":     "Utiliser des bons",
		"Redeem voucher %s?":  "Utiliser le bon %s ?",
		"Redeem %d vouchers?": "Utiliser %d bons ?",
		"%s of %s are spent for good; you may request payment until %s.": "%s de %s sont dépensés définitivement ; vous pourrez demander le paiement jusqu'au %s.",
		"not redeemable: it is %s.":                                      "impossible à utiliser : il est à l'état %s.",
		"A redemption cannot be undone.":                                 "Une utilisation ne peut pas être annulée.",
		"Go back without redeeming":                                      "Revenir sans utiliser",
		"Voucher %s is %s; only a reported voucher can be redeemed.":     "Le bon %s est à l'état %s ; seul un bon avec rapport peut être utilisé.",

		// The completion report
		"The engagement is planned to end on %s: the completion report can be submitted from %s. If it was delivered on other dates, change the plan below first.":                          "La mission doit se terminer le %s : le rapport de fin de mission pourra être envoyé à partir du %s. Si elle a eu lieu à d'autres dates, modifiez d'abord le planning ci-dessous.",
		"PDF, Office, text, image or ZIP; up to 5 files of 10 MB. Give each file its type: a proof of concept or pilot is only a supplement, so at least one file must be of another type.": "PDF, Office, texte, image ou ZIP ; jusqu'à 5 fichiers de 10 Mo. Donnez son type à chaque fichier : une preuve de concept ou un pilote n'est qu'un complément, au moins un fichier doit donc être d'un autre type.",
		"Files are not kept when a report is refused: choose them again.": "Les fichiers ne sont pas conservés quand un rapport est refusé : choisissez-les de nouveau.",
		"File %d":                                   "Fichier %d",
		"Type of file %d":                           "Type du fichier %d",
		"Choose a type":                             "Choisissez un type",
		"Deployment plan":                           "Plan de déploiement",
		"Upgrade plan":                              "Plan de mise à niveau",
		"Migration plan":                            "Plan de migration",
		"Vision and scope":                          "Vision et périmètre",
		"Planning tool output":                      "Résultat d'outil de planification",
		"Proof of concept / pilot":                  "Preuve de concept / pilote",
		"Enter the day the engagement started.":     "Saisissez le jour où la mission a commencé.",
		"Enter the day the engagement ended.":       "Saisissez le jour où la mission s'est terminée.",
		"Choose the type of each deliverable file.": "Choisissez le type de chaque fichier livrable.",
		"By the program's rule on deliverable types, a proof of concept or pilot is only a supplement: attach at least one deployment plan, upgrade plan, migration plan, vision and scope document or planning tool output.": "Selon la règle du programme sur les types de livrables, une preuve de concept ou un pilote n'est qu'un complément : joignez au moins un plan de déploiement, de mise à niveau ou de migration, un document de vision et périmètre ou un résultat d'outil de planification.",

		// Forms
		"The form was not sent: please correct what follows": "Le formulaire n'a pas été envoyé : corrigez ce qui suit",
	})
}
