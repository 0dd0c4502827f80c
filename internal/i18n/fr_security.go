package i18n

// Messages of the portal's hardening: limits, input checks, refusals.
func init() {
	addFrench(map[string]string{
		"Too many failed sign-in attempts. Wait %d seconds and try again.": "Trop de tentatives de connexion échouées. Attendez %d secondes et réessayez.",
		"Too many validation attempts. Wait %d seconds and try again.":     "Trop de tentatives de validation. Attendez %d secondes et réessayez.",
		"Name only consultants of your organisation.":                      "Ne nommez que des consultants de votre organisation.",
	})
}
