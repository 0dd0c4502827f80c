package program

import (
	"strings"
	"time"
)

// API tokens (issue 13): a person's key to the JSON API, acting for one of
// their organisations with their role there.
const (
	MaxTokenName        = 100 // characters of a token's name
	DefaultTokenDays    = 90  // a token's life unless chosen
	MaxTokenDays        = 365 // the longest a token may live
	MaxTokensPerAccount = 20  // live (unrevoked, unexpired) tokens a person may hold
)

// TokenName checks a token's name: one line of 1 to MaxTokenName characters.
func TokenName(field, name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", Invalid(field, "Name the token, so that you can tell it apart in the list and in the audit log.")
	}
	return name, CheckLine(field, name, MaxTokenName)
}

// TokenExpiry is when a token made at now for days days stops working:
// days 0 means DefaultTokenDays; 1 to MaxTokenDays are allowed. A token
// works until the same time of day, days later (the last moment it works
// is just before).
func TokenExpiry(field string, now time.Time, days int) (time.Time, error) {
	if days == 0 {
		days = DefaultTokenDays
	}
	if days < 1 || days > MaxTokenDays {
		return time.Time{}, Invalid(field, "A token lasts from 1 to %d days.", MaxTokenDays)
	}
	return now.Add(time.Duration(days) * 24 * time.Hour), nil
}
