package ui

import (
	"bytes"
	"html"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	nethtml "golang.org/x/net/html"
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

// The scanner gives what a full HTML tokenizer gives, on the cases above
// and on markup that could trip a scanner: quoted ">" and "<", raw text,
// comments, upper case, self-closing and unquoted attributes.
func TestLabelCellsAsTheTokenizer(t *testing.T) {
	cases := []string{
		`<table><tr><th title="a > b">A</th><th data-x='<td>'>B &lt;c&gt;</th></tr><tr><td>1</td><td class=num>2</td></tr></table>`,
		`<script>if (a<b) { x = "<td>" }</script><table><tr><th>H</th></tr><tr><td>v</td></tr></table>`,
		`<!-- <table><tr><th>no</th></tr> --><table><tr><TH>Up</TH></tr><tr><TD>v</TD><td/></tr></table>`,
		`<textarea><td>typed</td></textarea><table><thead><tr><th>One</th><th>Two</th></tr></thead><tbody><tr><td>1 < 2</td><td>2</td></tr></tbody></table>`,
		`<table><tr><th>Outer</th></tr><tr><td><table><tr><th>Inner</th></tr><tr><td>i</td></tr></table></td></tr></table>`,
		`<!doctype html><html lang="fr"><title>a <td> b</title><table><caption>C</caption><tr><th colspan=3>Wide</th></tr><tr><td>1</td><td>2</td><td>3</td></tr></table>`,
		`<table><tr><th>É &eacute; &#34;q&#34;</th></tr><tr><td data-label="">x</td><td>y</td></tr></table>`,
	}
	// And every page the browser tests saved, when they have run here.
	pages, _ := filepath.Glob(filepath.Join("..", "..", "..", "internal", "e2e", "testdata-screens", "*", "*.html"))
	for _, p := range pages {
		if b, err := os.ReadFile(p); err == nil {
			cases = append(cases, string(b))
		}
	}
	for _, in := range cases {
		var got, want bytes.Buffer
		if err := labelCells(&got, []byte(in)); err != nil {
			t.Fatal(err)
		}
		if err := labelCellsTokenized(&want, []byte(in)); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("labelCells(%.200s)\n got %s\nwant %s", in, got.String(), want.String())
		}
	}
}

func BenchmarkLabelCells(b *testing.B) {
	row := `<tr><td><a href="/customer/vouchers/12">ABCD-EFGH-JKLM</a></td><td class="num">3</td><td><span class="badge badge-reserved">Reserved</span></td><td>12 March 2021</td></tr>`
	page := []byte(`<!doctype html><html><head><title>Vouchers</title><style>td { color: red }</style></head><body><main><table><thead><tr><th>Voucher ID</th><th>Days</th><th>State</th><th>Expires</th></tr></thead><tbody>` +
		strings.Repeat(row, 50) + `</tbody></table></main></body></html>`)
	for b.Loop() {
		if err := labelCells(io.Discard, page); err != nil {
			b.Fatal(err)
		}
	}
}

// labelCellsTokenized is the first labelCells, on x/net/html's tokenizer:
// the reference the scanner is checked against.
func labelCellsTokenized(w io.Writer, page []byte) error {
	if !bytes.Contains(page, []byte("<table")) {
		_, err := w.Write(page)
		return err
	}
	type table struct {
		headings []string // the header row's, by column
		row      []string // the current row's headings, while it has only th
		onlyTH   bool
		col      int
	}
	var (
		out     bytes.Buffer
		tables  []*table
		heading *strings.Builder // the th being read
	)
	out.Grow(len(page) + len(page)/8)
	z := nethtml.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			if z.Err() == io.EOF {
				break
			}
			return z.Err()
		}
		raw := z.Raw()
		var t *table
		if len(tables) > 0 {
			t = tables[len(tables)-1]
		}
		switch tt {
		case nethtml.TextToken:
			out.Write(raw) // before Text, which unescapes in place
			if heading != nil {
				heading.Write(z.Text())
			}
			continue
		case nethtml.StartTagToken:
			raw = bytes.Clone(raw) // TagAttr unescapes in place
			name, hasAttr := z.TagName()
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs[string(k)] = string(v)
			}
			switch string(name) {
			case "table":
				tables = append(tables, &table{})
			case "tr":
				if t != nil {
					t.col, t.row, t.onlyTH = 0, nil, true
				}
			case "th", "td":
				if t == nil {
					break
				}
				span := 1
				if n, err := strconv.Atoi(attrs["colspan"]); err == nil && n > 1 {
					span = n
				}
				if string(name) == "th" {
					heading = &strings.Builder{}
					for range span - 1 {
						t.row = append(t.row, "")
					}
				} else {
					t.onlyTH = false
					if _, ok := attrs["data-label"]; !ok && t.col < len(t.headings) && t.headings[t.col] != "" {
						end := len(raw) - 1
						if raw[end-1] == '/' {
							end--
						}
						out.Write(raw[:end])
						out.WriteString(` data-label="` + html.EscapeString(t.headings[t.col]) + `"`)
						out.Write(raw[end:])
						t.col += span
						continue
					}
				}
				t.col += span
			}
		case nethtml.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "table":
				if t != nil {
					tables = tables[:len(tables)-1]
				}
			case "th":
				if t != nil && heading != nil {
					t.row = append(t.row, strings.Join(strings.Fields(heading.String()), " "))
					heading = nil
				}
			case "tr":
				if t != nil && t.onlyTH && t.headings == nil && len(t.row) > 0 {
					t.headings = t.row
				}
			}
		}
		out.Write(raw)
	}
	_, err := w.Write(out.Bytes())
	return err
}
