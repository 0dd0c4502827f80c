package ui

import (
	"bytes"
	"html"
	"io"
	"strconv"
	"strings"

	nethtml "golang.org/x/net/html"
)

// labelCells copies a page, giving every table cell without one a
// data-label with its column's heading, so that on a phone, where the
// stylesheet lays each row out as a card, every value keeps its name. One
// place for every table of every view, those to come included.
func labelCells(w io.Writer, page []byte) error {
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
