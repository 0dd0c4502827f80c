package i18n

// Messages of the portal's hardening: limits, input checks, refusals.
func init() {
	addFrench(map[string]string{
		"Too many failed sign-in attempts. Wait %d seconds and try again.":                          "Trop de tentatives de connexion échouées. Attendez %d secondes et réessayez.",
		"Too many validation attempts. Wait %d seconds and try again.":                              "Trop de tentatives de validation. Attendez %d secondes et réessayez.",
		"Name only consultants of your organisation.":                                               "Ne nommez que des consultants de votre organisation.",
		"The remaining days of this enrollment have been removed; its days cannot change any more.": "Les jours restants de cette inscription ont été retirés ; ses jours ne peuvent plus changer.",
		"A password has at most 1000 characters.":                                                   "Un mot de passe compte au plus 1000 caractères.",
		"This refers to a record that does not exist; reload the page and choose again.":            "Ceci désigne un enregistrement qui n'existe pas ; rechargez la page et choisissez de nouveau.",
		"The change breaks one of the program's rules and was refused; nothing was changed.":        "La modification enfreint une règle du programme et a été refusée ; rien n'a été modifié.",
		"A number is out of range.":                                                                 "Un nombre est hors limites.",
		"A value is too long or not in the expected form.":                                          "Une valeur est trop longue ou n'a pas la forme attendue.",
		"Text may not contain control characters or direction overrides.":                           "Le texte ne peut contenir ni caractères de contrôle ni forçages de direction.",
		"The text is not valid UTF-8.":                                                              "Le texte n'est pas de l'UTF-8 valide.",
		"This text is %d characters long; at most %d are allowed.":                                  "Ce texte compte %d caractères ; au plus %d sont permis.",
		"An email address has at most %d characters.":                                               "Une adresse e-mail compte au plus %d caractères.",
		"The form or address could not be read.":                                                    "Le formulaire ou l'adresse n'a pas pu être lu.",
		"The field %s contains a character that is not allowed (a NUL byte or invalid UTF-8).":      "Le champ %s contient un caractère non autorisé (un octet NUL ou de l'UTF-8 invalide).",
		"%s is an SVG image, which is not accepted: attach a PNG, a JPEG or a PDF.":                 "%s est une image SVG, qui n'est pas acceptée : joignez un PNG, un JPEG ou un PDF.",
		"The conversion ratio is two whole numbers from 1 to 1000.":                                 "Le taux de conversion est formé de deux nombres entiers de 1 à 1000.",
		"Cloud engagements must retire before accrual closes.":                                      "Les missions cloud doivent être retirées avant la clôture de l'acquisition.",
		"Training-day conversion must close before accrual closes.":                                 "La conversion des jours de formation doit fermer avant la clôture de l'acquisition.",
		"Accrual must close before the last day to create vouchers.":                                "L'acquisition doit être close avant le dernier jour de création des bons.",
		"The last day to redeem cannot come before the removal of remaining days.":                  "Le dernier jour d'échange ne peut précéder le retrait des jours restants.",
		"Enter a date from the year 2000 to 2100.":                                                  "Saisissez une date de l'an 2000 à 2100.",
		"An import has at most %d rows.":                                                            "Une importation compte au plus %d lignes.",
		"at most %s characters":                                                                     "au plus %s caractères",
		"Try again in a moment":                                                                     "Réessayez dans un instant",
		"The portal cannot reach its database right now. Try again in a moment; if you were saving something, check whether it was saved before you send it again.": "Le portail ne peut pas joindre sa base de données pour le moment. Réessayez dans un instant ; si vous enregistriez quelque chose, vérifiez s'il a été enregistré avant de l'envoyer de nouveau.",
		"The portal is restarting. Try again in a moment.": "Le portail redémarre. Réessayez dans un instant.",
		"Already sent": "Déjà envoyé",
		"This form was already sent and its change was made; nothing more was done.": "Ce formulaire a déjà été envoyé et sa modification a été faite ; rien de plus n'a été fait.",
	})
}
