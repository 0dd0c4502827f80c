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

		// Refusals
		"This unsubscribe link is not valid. Choose which reminders you get on your account page.": "Ce lien de désabonnement n'est pas valide. Choisissez les rappels que vous recevez sur la page de votre compte.",
		"Days before a deadline are whole numbers from 1 to %d, separated by commas.":              "Les jours avant une échéance sont des nombres entiers de 1 à %d, séparés par des virgules.",
		"Each number of days may appear once.":                                                     "Chaque nombre de jours ne peut figurer qu'une fois.",
		"At most 5 reminders per deadline.":                                                        "Au plus 5 rappels par échéance.",
		"Unknown reminder kind %q.":                                                                "Type de rappel inconnu %q.",
	})
}
