package auth

import (
	_ "embed"
	"strings"
	"unicode/utf8"

	"sapsportal/internal/program"
)

// MinPasswordLength is the shortest password a person may choose.
const MinPasswordLength = 12

// MaxPasswordLength bounds the work of hashing a password.
const MaxPasswordLength = 256

//go:embed common-passwords.txt
var commonList string

// common holds the shipped list of passwords too common to allow, in
// lower case.
var common = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(commonList, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			m[strings.ToLower(l)] = true
		}
	}
	return m
}()

// CheckNewPassword refuses a password a person may not choose: shorter
// than 12 characters, longer than 256, or on the list of common passwords
// (compared without regard to case).
func CheckNewPassword(field, password string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLength:
		return program.Invalid(field, "Choose a password of at least 12 characters.")
	case n > MaxPasswordLength:
		return program.Invalid(field, "Choose a password of at most 256 characters.")
	case common[strings.ToLower(password)]:
		return program.Invalid(field, "This password is too common; choose another.")
	}
	return nil
}
