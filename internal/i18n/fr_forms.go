package i18n

// Forms (issue 16, items 1, 2, 4, 5, 8; issue 18 item 3): refused forms,
// dates and numbers as typed, length limits, confirmations, and the second
// 15-day engagement of a type.
func init() {
	addFrench(map[string]string{
		// A refused form
		"Nothing was changed. Correct what is marked and send the form again.": "Rien n'a été modifié. Corrigez ce qui est signalé et renvoyez le formulaire.",
		"(at most %d characters)": "(%d caractères au plus)",
		"Files are not kept when a form is refused: choose the file again.": "Les fichiers ne sont pas conservés quand un formulaire est refusé : choisissez de nouveau le fichier.",
		"%s is not a date: write it as YYYY-MM-DD, for example 2021-03-15.": "%s n'est pas une date : écrivez-la sous la forme AAAA-MM-JJ, par exemple 2021-03-15.",
		"%s must be a whole number, such as 5.":                             "%s doit être un nombre entier, par exemple 5.",
	})
}
