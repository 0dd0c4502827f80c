package web

import "testing"

func TestLinkTokensStayOutOfTheLogs(t *testing.T) {
	for in, want := range map[string]string{
		"/invitations/abc_DEF-123":        "/invitations/…",
		"/invitations/abc_DEF-123/accept": "/invitations/…/accept",
		"/password/reset/xyz":             "/password/reset/…",
		"/password/forgot":                "/password/forgot",
		"/partner/people":                 "/partner/people",
	} {
		if got := redactLink(in); got != want {
			t.Errorf("redactLink(%q) = %q, want %q", in, got, want)
		}
	}
}
