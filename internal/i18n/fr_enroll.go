package i18n

// Payment registration per offering and the yearly renewal of offering
// enrollments (issue 18, items 5 and 7).
func init() {
	addFrench(map[string]string{
		// Payment registration per offering
		"Payment registration": "Enregistrement pour le paiement",
		"The program pays a voucher when your organisation is registered for payment in the voucher's offering and the delivery location has a payee. You can register for an offering once you have redeemed a voucher of it.": "Le programme paie un bon lorsque votre organisation est enregistrée pour le paiement dans l'offre du bon et que le site de réalisation a un bénéficiaire. Vous pouvez vous enregistrer pour une offre dès que vous avez utilisé un bon de cette offre.",
		"Registration per offering":                           "Enregistrement par offre",
		"Vouchers redeemed":                                   "Bons utilisés",
		"Registration":                                        "Enregistrement",
		"Registered on %s":                                    "Enregistré le %s",
		"Register for payment in %s":                          "S'enregistrer pour le paiement dans %s",
		"Redeem a voucher of this offering first.":            "Utilisez d'abord un bon de cette offre.",
		"Payees per location":                                 "Bénéficiaires par site",
		"Add your locations first, on the organisation page.": "Ajoutez d'abord vos sites, sur la page de l'organisation.",
		"no payee for this location":                          "aucun bénéficiaire pour ce site",
		"Enter or change a payee":                             "Saisir ou modifier un bénéficiaire",
		"Payee details saved.":                                "Coordonnées du bénéficiaire enregistrées.",
		"You are registered for payment in %s.":               "Vous êtes enregistré pour le paiement dans %s.",
		"Register for payment per offering and enter the payee of each location":                                                                    "S'enregistrer pour le paiement par offre et saisir le bénéficiaire de chaque site",
		"You are already registered for payment in %s.":                                                                                             "Vous êtes déjà enregistré pour le paiement dans %s.",
		"Registration for payment is per offering and needs a redeemed voucher of it: redeem a voucher of %s before registering for payment in it.": "L'enregistrement pour le paiement se fait par offre et demande un bon utilisé de cette offre : utilisez un bon %s avant de vous enregistrer pour le paiement dans cette offre.",
		"Enter the payee name.": "Saisissez le nom du bénéficiaire.",
		"Enter the payment reference (bank account or supplier number).":                                                                                  "Saisissez la référence de paiement (compte bancaire ou numéro de fournisseur).",
		"Your organisation is not registered for payment in %s: a partner global admin registers for it once per offering, then you can request payment.": "Votre organisation n'est pas enregistrée pour le paiement dans %s : un administrateur général du partenaire l'enregistre une fois par offre, puis vous pouvez demander le paiement.",
		"The delivery location of voucher %s has no payee: a partner global admin enters the payee details for it, then you can request payment.":         "Le site de réalisation du bon %s n'a pas de bénéficiaire : un administrateur général du partenaire saisit ses coordonnées, puis vous pouvez demander le paiement.",
		"Register for payment in %s.": "Enregistrez-vous pour le paiement dans %s.",
	})
}
