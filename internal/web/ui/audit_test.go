package ui

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sapsportal/internal/i18n"
)

// The audit log's filter offers every action the portal records, each with
// its French: every "area.what" literal of the use cases and the domain is
// one of AuditActions, and every one of them is recorded somewhere.
func TestAuditActionsNameEveryEmittedAction(t *testing.T) {
	lit := regexp.MustCompile(`"([a-z][a-z_]*\.[a-z][a-z_]*)"`)
	files := regexp.MustCompile(`\.(csv|json|txt|pdf|go|zip|ics|html)$`)
	emitted := map[string]bool{}
	for _, dir := range []string{"../../app", "../../program"} {
		paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range paths {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range lit.FindAllStringSubmatch(string(b), -1) {
				if !files.MatchString(m[1]) {
					emitted[m[1]] = true
				}
			}
		}
	}
	for a := range emitted {
		if !KnownAuditAction(a) {
			t.Errorf("%s is recorded but not in AuditActions", a)
		}
	}
	seen := map[string]bool{}
	for _, a := range AuditActions {
		if !emitted[a.Code] {
			t.Errorf("%s is in AuditActions but recorded nowhere", a.Code)
		}
		if seen[a.Code] {
			t.Errorf("%s is twice in AuditActions", a.Code)
		}
		seen[a.Code] = true
		if !i18n.HasFrench(a.Name) {
			t.Errorf("no French for %q (%s)", a.Name, a.Code)
		}
	}
}
