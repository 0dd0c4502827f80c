package store_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// sessionState is SQL that leaves something on the server connection after
// its transaction: behind a transaction pooler the next transaction on that
// connection may be another client's. Settings are per transaction
// (set_config(…, true), SET LOCAL), locks are transaction locks, and work
// is claimed with FOR UPDATE SKIP LOCKED.
var sessionState = []*regexp.Regexp{
	// SQL keywords are written in capitals here; settings a statement could
	// name are caught in any case.
	regexp.MustCompile(`(?s)^\s*SET\s+(SESSION\s+)?[a-zA-Z_"]`),
	regexp.MustCompile(`(?is)^\s*set\s+(session\s+)?(role|authorization|search_path|statement_timeout|app\.)`),
	regexp.MustCompile(`(?s)^\s*(RESET|LISTEN|UNLISTEN|PREPARE|DEALLOCATE|DISCARD|LOAD)\s`),
	regexp.MustCompile(`(?i)\bpg_(try_)?advisory_lock(_shared)?\s*\(`),
	regexp.MustCompile(`(?is)set_config\s*\([^)]*,\s*false\s*\)`),
	regexp.MustCompile(`(?i)\bCREATE\s+(TEMP|TEMPORARY)\b`),
	regexp.MustCompile(`(?i)\bWITH\s+HOLD\b`),
}

// TestNoSessionState reads every SQL string of the portal's Go code (not
// its tests, nor the migrations, which run on a direct connection) and
// fails on any statement that keeps state on the server connection.
func TestNoSessionState(t *testing.T) {
	root := filepath.Join("..", "..")
	checked := 0
	for _, dir := range []string{"internal", "cmd"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, path, src, 0)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					return true
				}
				checked++
				for _, re := range sessionState {
					if re.MatchString(s) && !strings.HasPrefix(strings.ToUpper(strings.TrimSpace(s)), "SET LOCAL ") {
						t.Errorf("%s: SQL that keeps state on the connection (breaks behind a transaction pooler): %.80q",
							fset.Position(lit.Pos()), s)
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked < 500 {
		t.Fatalf("only %d strings read: the walk missed the code", checked)
	}
}
