package ui

import (
	"bytes"
	"testing"
)

func TestLabelCells(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`<p>no table</p>`, `<p>no table</p>`},
		{`<table><thead><tr><th>Voucher ID</th><th class="num">Days &amp; more</th></tr></thead><tbody><tr><td><a href="/v/1">X</a></td><td class="num">3</td></tr></tbody></table>`,
			`<table><thead><tr><th>Voucher ID</th><th class="num">Days &amp; more</th></tr></thead><tbody><tr><td data-label="Voucher ID"><a href="/v/1">X</a></td><td class="num" data-label="Days &amp; more">3</td></tr></tbody></table>`},
		// A row heading counts as a column; a label already there stays.
		{`<table><tr><th>Name</th><th> State <span>(now)</span></th></tr><tr><th scope="row">A</th><td data-label="Own">b</td></tr><tr><th>B</th><td>c</td></tr></table>`,
			`<table><tr><th>Name</th><th> State <span>(now)</span></th></tr><tr><th scope="row">A</th><td data-label="Own">b</td></tr><tr><th>B</th><td data-label="State (now)">c</td></tr></table>`},
		// A table without headings is left as it is; text outside tables too.
		{`<table><tr><td>a</td></tr></table><td>x</td>`, `<table><tr><td>a</td></tr></table><td>x</td>`},
		{`<table><thead><tr><th colspan="2">Both</th><th>C</th></tr></thead><tr><td>1</td><td>2</td><td>3</td><td>4</td></tr></table>`,
			`<table><thead><tr><th colspan="2">Both</th><th>C</th></tr></thead><tr><td>1</td><td data-label="Both">2</td><td data-label="C">3</td><td>4</td></tr></table>`},
	} {
		var b bytes.Buffer
		if err := labelCells(&b, []byte(c.in)); err != nil {
			t.Fatal(err)
		}
		if b.String() != c.want {
			t.Errorf("labelCells(%s)\n got %s\nwant %s", c.in, b.String(), c.want)
		}
	}
}
