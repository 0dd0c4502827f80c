package program

import (
	"crypto/rand"
	"strings"
)

// Code12 is a voucher ID: 11 random Crockford base32 characters and a
// Luhn mod 32 check character. 55 random bits make it unguessable (and
// validation also needs the project manager's email); the check character
// catches any single mistyped character and most swapped neighbours.
type Code12 string

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewCode draws a fresh voucher ID.
func NewCode() Code12 {
	var b [11]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand: " + err.Error()) // never fails on supported platforms
	}
	s := make([]byte, 12)
	for i, x := range b {
		s[i] = crockford[x&31]
	}
	s[11] = crockford[checkValue(string(s[:11]))]
	return Code12(s)
}

// ParseCode reads a voucher ID as people type it: any case, with or without
// dashes and spaces, with O for 0 and I or L for 1.
func ParseCode(s string) (Code12, error) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch r {
		case '-', ' ':
			continue
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		if !strings.ContainsRune(crockford, r) {
			return "", Invalid("voucher_id", "A voucher ID has 12 letters and digits, like ABCD-EFGH-JKLM.")
		}
		b.WriteRune(r)
	}
	c := b.String()
	if len(c) != 12 {
		return "", Invalid("voucher_id", "A voucher ID has 12 letters and digits, like ABCD-EFGH-JKLM.")
	}
	if crockford[checkValue(c[:11])] != c[11] {
		return "", Invalid("voucher_id", "This voucher ID has a typing mistake: check each character.")
	}
	return Code12(c), nil
}

// checkValue is the Luhn mod N check value of s over the Crockford alphabet.
func checkValue(s string) int {
	const n = 32
	factor, sum := 2, 0
	for i := len(s) - 1; i >= 0; i-- {
		addend := factor * strings.IndexByte(crockford, s[i])
		factor = 3 - factor
		sum += addend/n + addend%n
	}
	return (n - sum%n) % n
}

// Display groups the ID for people: ABCD-EFGH-JKLM.
func (c Code12) Display() string {
	s := string(c)
	if len(s) != 12 {
		return s
	}
	return s[:4] + "-" + s[4:8] + "-" + s[8:]
}
