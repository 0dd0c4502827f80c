package store_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The portal sets nothing at session level: every setting is
// transaction-local (set_config(…, true)), so that a connection pooler in
// transaction mode can hand a connection to anyone (docs/scaling.md).
func TestNoQuerySetsASessionSetting(t *testing.T) {
	session := regexp.MustCompile(`\bSET\s+(ROLE|SESSION|search_path|app\.|statement_timeout|TIME\s+ZONE)\b|set_config\([^)]*,\s*false\s*\)|\bRESET\s+\w+|\bLISTEN\s|pg_advisory_lock\(`)
	var found []string
	err := filepath.WalkDir("../..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if session.MatchString(line) {
				found = append(found, path+":"+strconv.Itoa(i+1)+": "+strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		t.Errorf("session-level setting: %s", f)
	}
}
