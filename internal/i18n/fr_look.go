package i18n

// The finished look (issue 16, items 13 to 16): plurals, the menu.
func init() {
	addFrench(map[string]string{
		"%d payment request":    "%d demande de paiement",
		"%d enrollment request": "%d demande d'inscription",
		"Menu":                  "Menu",
	})
}
