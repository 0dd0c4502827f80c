package app_test

import (
	"strings"
	"testing"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
)

func TestParseAccruals(t *testing.T) {
	rows, bad, err := app.ParseAccruals(strings.NewReader("agreement_number,date,days,note\nSA-1,2020-03-15,25,Q3\nSA-2,15/03/2020,3\nSA-3,2020-03-15,x\nonly,two\n\"SA-4\", 2020-04-01 , 7 \n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Agreement != "SA-1" || rows[0].Days != 25 || rows[0].Note != "Q3" || rows[1].Line != 6 || rows[1].Days != 7 || rows[1].On != program.D(2020, 4, 1) {
		t.Errorf("rows: %+v", rows)
	}
	if len(bad) != 3 || bad[0].Line != 3 || bad[1].Line != 4 || bad[2].Line != 5 {
		t.Errorf("bad rows: %+v", bad)
	}
	if _, _, err := app.ParseAccruals(strings.NewReader("a,\"b\n")); !program.IsCode(err, program.CodeInvalid) {
		t.Errorf("broken CSV: %v", err)
	}
}

// Whatever a file holds, the import's reader never panics and accounts for
// every line: read, refused with its line, or the whole file refused.
func FuzzParseAccruals(f *testing.F) {
	for _, s := range []string{"SA-1,2020-03-15,25,Q3\n", "agreement_number,date,days\nSA-1,2020-13-45,1\n", "\"a\nb\",x", "=cmd|' /C calc'!A0,2020-01-01,1\n", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rows, bad, err := app.ParseAccruals(strings.NewReader(s))
		if err != nil {
			if !program.IsCode(err, program.CodeInvalid) {
				t.Fatalf("ParseAccruals: %v", err)
			}
			return
		}
		seen := map[int]bool{}
		for _, r := range rows {
			if r.Line < 1 || seen[r.Line] || r.On.IsZero() {
				t.Fatalf("row %+v", r)
			}
			seen[r.Line] = true
		}
		for _, b := range bad {
			if b.Line < 1 || seen[b.Line] || b.Message == "" {
				t.Fatalf("bad row %+v", b)
			}
			seen[b.Line] = true
		}
	})
}
