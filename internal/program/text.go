package program

import (
	"unicode"
	"unicode/utf8"
)

// The longest free text each kind of field takes, in characters: the forms
// state them and the use cases refuse anything longer.
const (
	MaxName      = 200   // people, organisations, locations, payees, catalog entries
	MaxReference = 100   // agreement numbers, payment references, codes
	MaxReason    = 1000  // reasons and notes
	MaxSummary   = 10000 // a completion report's summary and next steps
	MaxEmail     = 254
	MaxFilename  = 255 // bytes, as file systems count them
)

// CheckLine refuses a one-line text, such as a name, of more than max
// characters, or with control characters or direction overrides (which
// make a name read differently from what it is).
func CheckLine(field, s string, max int) error {
	if err := checkLength(field, s, max); err != nil {
		return err
	}
	for _, r := range s {
		if unicode.IsControl(r) || DirectionOverride(r) {
			return Invalid(field, "Text may not contain control characters or direction overrides.")
		}
	}
	return nil
}

// CheckParagraphs is CheckLine for text of several lines (tabs and line
// breaks allowed).
func CheckParagraphs(field, s string, max int) error {
	if err := checkLength(field, s, max); err != nil {
		return err
	}
	for _, r := range s {
		if (unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t') || DirectionOverride(r) {
			return Invalid(field, "Text may not contain control characters or direction overrides.")
		}
	}
	return nil
}

func checkLength(field, s string, max int) error {
	if !utf8.ValidString(s) {
		return Invalid(field, "The text is not valid UTF-8.")
	}
	if n := utf8.RuneCountInString(s); n > max {
		return Invalid(field, "This text is %d characters long; at most %d are allowed.", n, max)
	}
	return nil
}

// DirectionOverride reports whether r is a Unicode bidirectional embedding,
// override or isolate (U+202A–U+202E, U+2066–U+2069).
func DirectionOverride(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}
