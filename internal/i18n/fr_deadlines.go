package i18n

// Deadlines (issue 14): reminders, unsubscribing, the schedule page, the
// calendar feed and "what if".
func init() {
	addFrench(map[string]string{
		// Reminder emails
		"%d unused Planning Services days will be removed on %s": "%d jours Planning Services inutilisés seront retirés le %s",
		"Enrollment %s still holds %d unused Planning Services days.\nOn %s every remaining day is removed. Days left: %d.\nThe last day to create vouchers is %s.\n\nYour days: %s\n": "L'inscription %s détient encore %d jours Planning Services inutilisés.\nLe %s, tous les jours restants sont retirés. Jours restants : %d.\nLe dernier jour pour créer des bons est le %s.\n\nVos jours : %s\n",
		"Voucher %s is not reserved and expires soon": "Le bon %s n'est pas réservé et expire bientôt",
		"Voucher %s (%s, %d days), assigned to %s, is not reserved by a partner yet.\nIts last valid day is %s. Days left: %d.\n\nDetails: %s\n": "Le bon %s (%s, %d jours), attribué à %s, n'est encore réservé par aucun partenaire.\nSon dernier jour de validité est le %s. Jours restants : %d.\n\nDétails : %s\n",
		"Your voucher %s expires soon": "Votre bon %s expire bientôt",
		"Your Planning Services voucher %s (%s, %d days) is valid until %s. Days left: %d.\nIf the engagement is not delivered and redeemed by then, the voucher expires.\n\nYour vouchers: %s\n": "Votre bon Planning Services %s (%s, %d jours) est valable jusqu'au %s. Jours restants : %d.\nSi la mission n'est pas réalisée et le bon utilisé d'ici là, il expire.\n\nVos bons : %s\n",
		"Reserved voucher %s expires soon": "Le bon réservé %s expire bientôt",
		"Voucher %s (%s, %d days), reserved by your organisation, is valid until %s. Days left: %d.\nDeliver, report and redeem it before then.\n\nDetails: %s\n": "Le bon %s (%s, %d jours), réservé par votre organisation, est valable jusqu'au %s. Jours restants : %d.\nRéalisez la mission, déclarez-la et utilisez le bon d'ici là.\n\nDétails : %s\n",
		"Redeem voucher %s by %s": "Utilisez le bon %s au plus tard le %s",
		"Voucher %s (%s, %d days) is reported but not yet redeemed.\nThe last day to redeem it is %s. Days left: %d.\n\nDetails: %s\n": "Le bon %s (%s, %d jours) est déclaré mais pas encore utilisé.\nLe dernier jour pour l'utiliser est le %s. Jours restants : %d.\n\nDétails : %s\n",
		"Request payment for voucher %s by %s": "Demandez le paiement du bon %s au plus tard le %s",
		"Voucher %s (%s, %d days) was redeemed on %s.\nThe last day to request payment is %s. Days left: %d.\n\nDetails: %s\n": "Le bon %s (%s, %d jours) a été utilisé le %s.\nLe dernier jour pour demander le paiement est le %s. Jours restants : %d.\n\nDétails : %s\n",
		"To stop reminders of this kind: %s\nTo choose which reminders you get: %s\n":                                          "Pour ne plus recevoir ce type de rappel : %s\nPour choisir les rappels que vous recevez : %s\n",

		// Account page and unsubscribing
		"Unused days before they are removed (benefit administrators)":                    "Jours inutilisés avant leur retrait (administrateurs des avantages)",
		"Assigned vouchers not yet reserved, before they expire (benefit administrators)": "Bons attribués pas encore réservés, avant leur expiration (administrateurs des avantages)",
		"Your vouchers, before they expire (project managers)":                            "Vos bons, avant leur expiration (chefs de projet)",
		"Reserved vouchers, before they expire (partner admins)":                          "Bons réservés, avant leur expiration (administrateurs partenaires)",
		"Reported vouchers, before the last day to redeem (partner admins)":               "Bons déclarés, avant le dernier jour d'utilisation (administrateurs partenaires)",
		"Redeemed vouchers, before the payment window closes (partner admins)":            "Bons utilisés, avant la fin du délai de demande de paiement (administrateurs partenaires)",
		"Deadline reminders":              "Rappels d'échéances",
		"Email me before these deadlines": "M'envoyer un e-mail avant ces échéances",
		"Instead of single reminders, one weekly digest of what falls due in the next 30 days": "Au lieu de rappels séparés, un récapitulatif hebdomadaire de ce qui arrive à échéance dans les 30 prochains jours",
		"Save reminders":            "Enregistrer les rappels",
		"Your reminders are saved.": "Vos rappels sont enregistrés.",
		"Calendar feed":             "Flux de calendrier",
		"A private address your calendar can subscribe to: your deadlines as all-day events. Anyone with the address can read them; replace it or turn it off here.": "Une adresse privée à laquelle votre agenda peut s'abonner : vos échéances en événements d'une journée. Toute personne qui a l'adresse peut les lire ; remplacez-la ou désactivez-la ici.",
		"Your calendar feed is on.":                  "Votre flux de calendrier est actif.",
		"You have no calendar feed.":                 "Vous n'avez pas de flux de calendrier.",
		"Replace the address":                        "Remplacer l'adresse",
		"Make a calendar address":                    "Créer une adresse de calendrier",
		"Turn the feed off":                          "Désactiver le flux",
		"Unsubscribe":                                "Se désabonner",
		"%s will no longer get these reminders: %s.": "%s ne recevra plus ces rappels : %s.",
		"Stop these reminders to %s: %s?":            "Arrêter ces rappels pour %s : %s ?",
		"Other reminders are not affected. Signed in, you can choose every kind on your account page.": "Les autres rappels ne changent pas. Une fois connecté(e), vous pouvez choisir chaque type sur la page de votre compte.",

		// Policy page
		"Reminders: days before each deadline (comma-separated; empty for none)": "Rappels : jours avant chaque échéance (séparés par des virgules ; vide pour aucun)",
		"Reminders before the removal of remaining days":                         "Rappels avant le retrait des jours restants",
		"Reminders before an unreserved voucher expires":                         "Rappels avant l'expiration d'un bon non réservé",
		"Reminders to project managers before their voucher expires":             "Rappels aux chefs de projet avant l'expiration de leur bon",
		"Reminders before a reserved voucher expires":                            "Rappels avant l'expiration d'un bon réservé",
		"Reminders before the last day to redeem a reported voucher":             "Rappels avant le dernier jour pour utiliser un bon déclaré",
		"Reminders before a payment window closes":                               "Rappels avant la fin d'un délai de demande de paiement",

		// The schedule page
		"Retirement schedule": "Calendrier de retrait",
		"The Software Assurance Planning Services program is being retired: these dates close each step in turn. Every date is read in the program's time zone, %s. A \"last day\" allows the whole of that day; \"from\" a date refuses from its 00:00.": "Le programme Software Assurance Planning Services est en cours de retrait : ces dates ferment chaque étape tour à tour. Chaque date s'entend dans le fuseau horaire du programme, %s. Un « dernier jour » autorise toute la journée ; « à partir du » refuse dès 00:00.",
		"Timeline of the retirement schedule": "Frise chronologique du calendrier de retrait",
		"Today":                               "Aujourd'hui",
		"Filled: passed; open: ahead. The table below says the same in words.": "Plein : passé ; vide : à venir. Le tableau ci-dessous dit la même chose en mots.",
		"The retirement schedule (%s)":                                         "Le calendrier de retrait (%s)",
		"What happens":                                                         "Ce qui se passe",
		"Kind":                                                                 "Type",
		"last day (allowed through the whole day)":                             "dernier jour (autorisé toute la journée)",
		"from this day's 00:00":                                                "à partir de 00:00 ce jour-là",
		"A voucher is valid for %d days from its creation; payment may be requested until %d days after redemption.": "Un bon est valable %d jours à partir de sa création ; le paiement peut être demandé jusqu'à %d jours après son utilisation.",
		"Cloud engagement types can no longer be used for new vouchers":                                              "Les types de mission cloud ne peuvent plus servir à de nouveaux bons",
		"Training vouchers can no longer be converted to days":                                                       "Les bons de formation ne peuvent plus être convertis en jours",
		"No more accrual of days":                                   "Plus aucune acquisition de jours",
		"Last day to create or assign a voucher":                    "Dernier jour pour créer ou attribuer un bon",
		"Every remaining day in every ledger is removed":            "Tous les jours restants de chaque registre sont retirés",
		"Last day to redeem a voucher":                              "Dernier jour pour utiliser un bon",
		"Last day to request payment (redemption + payment window)": "Dernier jour pour demander un paiement (utilisation + délai de paiement)",

		// The calendar feed
		"Your calendar address, shown only now (copy it into your calendar): %s": "Votre adresse de calendrier, affichée une seule fois (copiez-la dans votre agenda) : %s",
		"Your calendar feed is turned off; its address no longer works.":         "Votre flux de calendrier est désactivé ; son adresse ne fonctionne plus.",
		"You have no calendar feed to turn off.":                                 "Vous n'avez pas de flux de calendrier à désactiver.",
		"Last valid day of voucher %s (%s, %d days)":                             "Dernier jour de validité du bon %s (%s, %d jours)",
		"Last day to request payment for voucher %s":                             "Dernier jour pour demander le paiement du bon %s",
		"Planning Services deadlines":                                            "Échéances Planning Services",
		"%s, in the program's time zone (%s).":                                   "%s, dans le fuseau horaire du programme (%s).",

		// What if
		"What happens on …": "Que se passe-t-il le …",
		"Show":              "Afficher",
		"If nothing else is done until %s, then on that day:":                         "Si rien d'autre n'est fait d'ici le %s, ce jour-là :",
		"Vouchers can no longer be created or assigned.":                              "Les bons ne peuvent plus être créés ni attribués.",
		"Vouchers can no longer be redeemed.":                                         "Les bons ne peuvent plus être utilisés.",
		"%s: %s removed on %s.":                                                       "%s : %s retirés le %s.",
		"Voucher %s expired unused on %s; its %s went back to the enrollment.":        "Le bon %s a expiré inutilisé le %s ; ses %s sont revenus à l'inscription.",
		"Voucher %s expired unused on %s; its %s are forfeited.":                      "Le bon %s a expiré inutilisé le %s ; ses %s sont perdus.",
		"Voucher %s can no longer be paid for (last day to request payment: %s): %s.": "Le bon %s ne peut plus être payé (dernier jour pour demander le paiement : %s) : %s.",
		"Voucher %s can no longer be paid for (last day to request payment: %s).":     "Le bon %s ne peut plus être payé (dernier jour pour demander le paiement : %s).",
		"None of your days or vouchers would be lost by then.":                        "Aucun de vos jours ni de vos bons ne serait perdu d'ici là.",
		"A projection from the program's rules; nothing is changed.":                  "Une projection selon les règles du programme ; rien n'est modifié.",
		"Enter the date as YYYY-MM-DD.":                                               "Saisissez la date au format AAAA-MM-JJ.",
		"Choose a day from today on; what happened before is in the history.":         "Choisissez un jour à partir d'aujourd'hui ; ce qui s'est passé avant figure dans l'historique.",
		"Choose a day within %d days.":                                                "Choisissez un jour dans les %d jours.",

		// Admin console
		"Reminders": "Rappels",
		"Reminders go out through the outbox, once each, on the days set in the policy (%s).": "Les rappels partent par la boîte d'envoi, une seule fois chacun, aux jours fixés dans la politique (%s).",
		"Due in the next %d days":           "Prévus dans les %d prochains jours",
		"Goes out on":                       "Envoi le",
		"About":                             "Objet",
		"Last day":                          "Dernier jour",
		"Days before":                       "Jours avant",
		"No reminder is due in these days.": "Aucun rappel n'est prévu ces jours-ci.",
		"Sent":                              "Envoyés",
		"Sent on":                           "Envoyé le",
		"To":                                "À",
		"No reminder has been sent yet.":    "Aucun rappel n'a encore été envoyé.",

		// Weekly digest
		"What falls due in the next %d days (dates in %s):\n\n":                               "Ce qui arrive à échéance dans les %d prochains jours (dates en %s) :\n\n",
		"- %s. Last day: %s. Days left: %d.\n":                                                "- %s. Dernier jour : %s. Jours restants : %d.\n",
		"To choose which reminders you get, or single reminders instead of this digest: %s\n": "Pour choisir les rappels que vous recevez, ou des rappels séparés au lieu de ce récapitulatif : %s\n",
		"Your Planning Services deadlines for the next %d days":                               "Vos échéances Planning Services des %d prochains jours",

		// Refusals
		"This unsubscribe link is not valid. Choose which reminders you get on your account page.": "Ce lien de désabonnement n'est pas valide. Choisissez les rappels que vous recevez sur la page de votre compte.",
		"Days before a deadline are whole numbers from 1 to %d, separated by commas.":              "Les jours avant une échéance sont des nombres entiers de 1 à %d, séparés par des virgules.",
		"Each number of days may appear once.":                                                     "Chaque nombre de jours ne peut figurer qu'une fois.",
		"At most 5 reminders per deadline.":                                                        "Au plus 5 rappels par échéance.",
		"Unknown reminder kind %q.":                                                                "Type de rappel inconnu %q.",
	})
}
