package program

import (
	"strings"
	"testing"
	"time"
)

func TestTokenExpiryBounds(t *testing.T) {
	now := time.Date(2021, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		days int
		want time.Time // zero: refused
	}{
		{0, now.AddDate(0, 0, 90)}, // the default
		{-1, time.Time{}},
		{1, now.AddDate(0, 0, 1)},
		{364, now.AddDate(0, 0, 364)},
		{365, now.AddDate(0, 0, 365)}, // the longest, inclusive
		{366, time.Time{}},
	} {
		got, err := TokenExpiry("expires_in_days", now, tc.days)
		if tc.want.IsZero() {
			if !IsCode(err, CodeInvalid) {
				t.Errorf("%d days: %v, want invalid input", tc.days, err)
			}
			continue
		}
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("%d days: %v, %v; want %v", tc.days, got, err, tc.want)
		}
	}
}

func TestTokenName(t *testing.T) {
	if n, err := TokenName("name", "  CI script "); err != nil || n != "CI script" {
		t.Errorf("trimmed name: %q, %v", n, err)
	}
	for _, bad := range []string{"", "   ", strings.Repeat("x", MaxTokenName+1), "a\x00b", "a\u202eb"} {
		if _, err := TokenName("name", bad); !IsCode(err, CodeInvalid) {
			t.Errorf("name %q: %v, want invalid input", bad, err)
		}
	}
	if _, err := TokenName("name", strings.Repeat("é", MaxTokenName)); err != nil {
		t.Errorf("a name of %d characters: %v", MaxTokenName, err)
	}
}
