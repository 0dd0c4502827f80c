package i18n

// The finished look (issue 16, items 13 to 16): plurals, the menu.
func init() {
	addFrench(map[string]string{
		"%d payment request":    "%d demande de paiement",
		"%d enrollment request": "%d demande d'inscription",
		"Menu":                  "Menu",
		"Signed in as":          "Connecté en tant que",
		// The singulars of counted messages (Localizer.Plural).
		"%d day left":                              "%d jour restant",
		"expires in %d day (last valid day %s).":   "expire dans %d jour (dernier jour de validité : %s).",
		"The latest %d entry.":                     "La dernière écriture (%d).",
		"Signed out everywhere else (%d session).": "Déconnecté(e) partout ailleurs (%d session).",
		// The audit log's columns, by what they hold (not the verbs "Change"
		// and "Request" of the buttons).
		"Before → after": "Avant → après",
		"Request id":     "Identifiant de requête",
	})
}
