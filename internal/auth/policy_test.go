package auth

import (
	"strings"
	"testing"

	"sapsportal/internal/program"
)

func TestNewPasswordRules(t *testing.T) {
	for _, tt := range []struct {
		password string
		ok       bool
	}{
		{"elevenchars", false},                  // 11
		{"twelve chars", true},                  // 12
		{"Password1234", false},                 // common, whatever its case
		{"correct horse battery staple", false}, // common
		{"ünïcödé-pass", true},                  // 12 characters, more bytes
		{strings.Repeat("x", 257), false},
		{strings.Repeat("x", 256), true},
	} {
		err := CheckNewPassword("password", tt.password)
		if (err == nil) != tt.ok {
			t.Errorf("CheckNewPassword(%q) = %v, want ok=%v", tt.password, err, tt.ok)
		}
		if r, isRefusal := program.AsRefusal(err); err != nil && (!isRefusal || r.Field != "password") {
			t.Errorf("CheckNewPassword(%q) is not a refusal of the field: %v", tt.password, err)
		}
	}
	if len(common) < 100 {
		t.Errorf("the common-password list has %d entries", len(common))
	}
}

func TestTokensAreRandomAndOnlyTheirHashIsKept(t *testing.T) {
	a, ha := NewToken()
	b, _ := NewToken()
	if a == b || len(a) != 43 || len(ha) != 32 {
		t.Fatalf("tokens %q %q (hash %d bytes)", a, b, len(ha))
	}
	if string(TokenHash(a)) != string(ha) || strings.Contains(string(ha), a) {
		t.Error("hash is not the token's SHA-256")
	}
}
