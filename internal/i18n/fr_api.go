package i18n

// French for the API tokens of the account page and the JSON API's
// refusals (issue 13).
func init() {
	addFrench(map[string]string{
		// The account page.
		"API tokens": "Jetons d'API",
		"A token lets a script use the portal's API at /api/v1 as you, for one of your organisations, with your role there. Send it as the header Authorization: Bearer followed by the token.": "Un jeton permet à un script d'utiliser l'API du portail, à /api/v1, en votre nom, pour l'une de vos organisations, avec votre rôle dans celle-ci. Envoyez-le dans l'en-tête Authorization: Bearer suivi du jeton.",
		"Your new token %s, shown only now: copy it and keep it secret.": "Votre nouveau jeton %s, affiché seulement maintenant : copiez-le et gardez-le secret.",
		"Access":                              "Accès",
		"Expires":                             "Expire le",
		"Last used":                           "Dernière utilisation",
		"read only":                           "lecture seule",
		"read and write":                      "lecture et écriture",
		"never":                               "jamais",
		"revoked":                             "révoqué",
		"expired":                             "expiré",
		"Revoke":                              "Révoquer",
		"Revoke %s":                           "Révoquer %s",
		"Acts for":                            "Agit pour",
		"Lasts (days, 1 to %d)":               "Durée (jours, de 1 à %d)",
		"Read only (every change is refused)": "Lecture seule (toute modification est refusée)",
		"Make a token":                        "Créer un jeton",
		"The API token is revoked; it no longer works.":                                   "Le jeton d'API est révoqué ; il ne fonctionne plus.",
		"Choose one of your organisations.":                                               "Choisissez l'une de vos organisations.",
		"A token lasts from 1 to %d days.":                                                "Un jeton dure de 1 à %d jours.",
		"Name the token, so that you can tell it apart in the list and in the audit log.": "Nommez le jeton, pour le reconnaître dans la liste et dans le journal d'audit.",
		"You have %d working API tokens, the most one person may hold; revoke one first.": "Vous avez %d jetons d'API valides, le maximum pour une personne ; révoquez-en un d'abord.",

		// The API's problem titles.
		"Bad request":            "Requête incorrecte",
		"Not signed in":          "Non authentifié",
		"Not found":              "Introuvable",
		"Method not allowed":     "Méthode non autorisée",
		"Request too large":      "Requête trop volumineuse",
		"Unsupported media type": "Type de contenu non pris en charge",
		"Invalid input":          "Saisie invalide",
		"Too many requests":      "Trop de requêtes",
		"Internal error":         "Erreur interne",

		// The API's refusals.
		"Send a valid API token as Authorization: Bearer <token>. A token that is revoked or expired, or whose person is no longer an active member of its organisation, does not work.": "Envoyez un jeton d'API valide dans Authorization: Bearer <jeton>. Un jeton révoqué ou expiré, ou dont la personne n'est plus membre active de son organisation, ne fonctionne pas.",
		"The request body is larger than the %d bytes this route takes.":                      "Le corps de la requête dépasse les %d octets acceptés ici.",
		"A request with this Idempotency-Key already made its change; nothing more was done.": "Une requête avec cette Idempotency-Key a déjà effectué sa modification ; rien de plus n'a été fait.",
		"%s is not allowed here.":                             "%s n'est pas autorisé ici.",
		"This token is read-only: it cannot change anything.": "Ce jeton est en lecture seule : il ne peut rien modifier.",
		"Send the body as %s.":                                "Envoyez le corps en %s.",
		"This field must be a number.":                        "Ce champ doit être un nombre.",
		"This field must be true or false.":                   "Ce champ doit valoir true ou false.",
		"This field must be a list.":                          "Ce champ doit être une liste.",
		"This field must be an object.":                       "Ce champ doit être un objet.",
		"This field must be text.":                            "Ce champ doit être du texte.",
		"There is no field %s here.":                          "Il n'y a pas de champ %s ici.",
		"The request body is not valid JSON.":                 "Le corps de la requête n'est pas du JSON valide.",
		"Write the date as YYYY-MM-DD.":                       "Écrivez la date sous la forme AAAA-MM-JJ.",
		"This token made more than %d requests in %d seconds. Try again in %d seconds.":                                    "Ce jeton a fait plus de %d requêtes en %d secondes. Réessayez dans %d secondes.",
		"An Idempotency-Key has at most %d characters.":                                                                    "Une Idempotency-Key a au plus %d caractères.",
		"This Idempotency-Key was already used with a different request; use a new key for a new request.":                 "Cette Idempotency-Key a déjà servi pour une autre requête ; utilisez une nouvelle clé pour une nouvelle requête.",
		"A request with this Idempotency-Key made its change, and its answer is not ready yet; send it again in a moment.": "Une requête avec cette Idempotency-Key a effectué sa modification et sa réponse n'est pas encore prête ; renvoyez-la dans un instant.",
		"A page has from 1 to %d items.":                                                     "Une page compte de 1 à %d éléments.",
		"This cursor is not one the API gave; start again from the first page.":              "Ce curseur n'a pas été donné par l'API ; recommencez depuis la première page.",
		"This field contains a character that is not allowed (a NUL byte or invalid UTF-8).": "Ce champ contient un caractère interdit (un octet NUL ou de l'UTF-8 invalide).",
		"List from 1 to %d vouchers to redeem.":                                              "Indiquez de 1 à %d bons à utiliser.",
		"The decision is %s or %s.":                                                          "La décision est %s ou %s.",
	})
}
