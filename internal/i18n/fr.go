package i18n

// french maps each English message to French. A message missing here shows
// in English; TestFrenchCoversEnglish keeps the pages of the foundation whole.
var french = map[string]string{
	// Layout and navigation
	"Skip to main content":         "Aller au contenu principal",
	"Planning Services portal":     "Portail des services de planification",
	"Sign in":                      "Se connecter",
	"Sign out":                     "Se déconnecter",
	"Acting for":                   "Agir pour",
	"Switch":                       "Changer",
	"Language":                     "Langue",
	"Simulated date: %s":           "Date simulée : %s",
	"Home":                         "Accueil",
	"Main navigation":              "Navigation principale",
	"Signed in as %s":              "Connecté en tant que %s",
	"Change":                       "Modifier",
	"Customer":                     "Client",
	"Partner":                      "Partenaire",
	"Program":                      "Programme",
	"Request id: %s":               "Identifiant de la requête : %s",
	"Back to your home page":       "Retour à votre page d'accueil",
	"You are signed out.":          "Vous êtes déconnecté.",
	"You now act for %s.":          "Vous agissez désormais pour %s.",
	"Language changed to English.": "Langue changée en anglais.",

	// Sign-in
	"Sign in to the Planning Services portal": "Connexion au portail des services de planification",
	"Email address": "Adresse e-mail",
	"Password":      "Mot de passe",
	"The email address or password is not right.":                  "L'adresse e-mail ou le mot de passe est incorrect.",
	"Too many sign-in attempts. Wait %d minutes and try again.":    "Trop de tentatives de connexion. Attendez %d minutes puis réessayez.",
	"Your organisation's access to the portal is suspended.":       "L'accès de votre organisation au portail est suspendu.",
	"Customers, partners and program administrators sign in here.": "Les clients, les partenaires et les administrateurs du programme se connectent ici.",
	"Your session has ended. Sign in again to continue.":           "Votre session a expiré. Reconnectez-vous pour continuer.",
	"Sign in to continue.":                                         "Connectez-vous pour continuer.",

	// Error pages
	"Page not found": "Page introuvable",
	"There is no such page, or it is not yours to see.": "Cette page n'existe pas, ou vous n'avez pas le droit de la voir.",
	"Not allowed":                    "Action non autorisée",
	"Your role does not allow this.": "Votre rôle ne le permet pas.",
	"Something went wrong":           "Une erreur s'est produite",
	"The portal could not finish your request. Nothing was changed. Please try again; if it happens again, give the request id to the program's support.": "Le portail n'a pas pu terminer votre demande. Rien n'a été modifié. Réessayez ; si cela se reproduit, communiquez l'identifiant de la requête au support du programme.",
	"Request refused": "Demande refusée",
	"The form was sent from another site and was refused.": "Le formulaire a été envoyé depuis un autre site et a été refusé.",

	// Role homes
	"Customer home":          "Accueil client",
	"Partner home":           "Accueil partenaire",
	"Program administration": "Administration du programme",
	"Benefit administrator":  "Administrateur des avantages",
	"Project manager":        "Chef de projet",
	"Partner global admin":   "Administrateur général partenaire",
	"Partner admin":          "Administrateur partenaire",
	"Consultant":             "Consultant",
	"Global admin":           "Administrateur général",
	"Your role: %s":          "Votre rôle : %s",
}
