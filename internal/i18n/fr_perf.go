package i18n

// French for the pages made fast at the program's size (issue 11).
func init() {
	addFrench(map[string]string{
		"The latest %d entries.": "Les %d dernières écritures.",
		"Show every entry":       "Afficher toutes les écritures",
	})
}
