package ui

import (
	"bytes"
	"html"
	"io"
	"strconv"
	"strings"
)

// labelCells copies a page, giving every table cell without one a
// data-label with its column's heading, so that on a phone, where the
// stylesheet lays each row out as a card, every value keeps its name. One
// place for every table of every view, those to come included.
//
// It runs on every page, so it scans the bytes for tags rather than
// tokenizing the whole document (issue 11: the tokenizer was a quarter of
// a page's CPU); the pages are the portal's own well-formed output.
func labelCells(w io.Writer, page []byte) error {
	if !bytes.Contains(page, []byte("<table")) {
		_, err := w.Write(page)
		return err
	}
	type table struct {
		headings []string // the header row's, by column, escaped for an attribute
		row      []string // the current row's headings, while it has only th
		onlyTH   bool
		col      int
	}
	var (
		tables  []*table
		heading *strings.Builder // the th being read
	)
	out := make([]byte, 0, len(page)+len(page)/8)
	for rest := page; len(rest) > 0; {
		lt := bytes.IndexByte(rest, '<')
		if lt < 0 {
			lt = len(rest)
		}
		if heading != nil {
			heading.WriteString(html.UnescapeString(string(rest[:lt])))
		}
		out, rest = append(out, rest[:lt]...), rest[lt:]
		if len(rest) == 0 {
			break
		}
		tag := scanTag(rest)
		if tag.size == 0 { // a "<" that starts no tag is text
			if heading != nil {
				heading.WriteByte('<')
			}
			out, rest = append(out, '<'), rest[1:]
			continue
		}
		raw := rest[:tag.size]
		rest = rest[tag.size:]
		var t *table
		if len(tables) > 0 {
			t = tables[len(tables)-1]
		}
		switch {
		case tag.rawText: // script, style, textarea, title: copied to their end tag
			end := closingTag(rest, tag.name)
			out = append(append(out, raw...), rest[:end]...)
			rest = rest[end:]
			continue
		case tag.end:
			switch tag.name {
			case "table":
				if t != nil {
					tables = tables[:len(tables)-1]
				}
			case "th":
				if t != nil && heading != nil {
					t.row = append(t.row, html.EscapeString(strings.Join(strings.Fields(heading.String()), " ")))
					heading = nil
				}
			case "tr":
				if t != nil && t.onlyTH && t.headings == nil && len(t.row) > 0 {
					t.headings = t.row
				}
			}
		case tag.name == "table":
			tables = append(tables, &table{})
		case tag.name == "tr":
			if t != nil {
				t.col, t.row, t.onlyTH = 0, nil, true
			}
		case (tag.name == "th" || tag.name == "td") && t != nil:
			span := 1
			if tag.colspan != "" {
				if n, err := strconv.Atoi(tag.colspan); err == nil && n > 1 {
					span = n
				}
			}
			if tag.name == "th" {
				heading = &strings.Builder{}
				for range span - 1 {
					t.row = append(t.row, "")
				}
			} else {
				t.onlyTH = false
				if !tag.labelled && t.col < len(t.headings) && t.headings[t.col] != "" {
					end := len(raw) - 1
					if raw[end-1] == '/' {
						end--
					}
					out = append(out, raw[:end]...)
					out = append(append(append(out, ` data-label="`...), t.headings[t.col]...), '"')
					out = append(out, raw[end:]...)
					t.col += span
					continue
				}
			}
			t.col += span
		}
		out = append(out, raw...)
	}
	_, err := w.Write(out)
	return err
}

// tag is what labelCells needs of one tag at the start of its input.
type tag struct {
	size     int    // bytes from "<" to ">" inclusive; 0: not a tag
	name     string // lower case
	end      bool   // </name>
	rawText  bool   // an element whose content is not markup
	colspan  string
	labelled bool // has a data-label already
}

// scanTag reads the tag, comment or declaration at the start of b (which
// begins with "<").
func scanTag(b []byte) tag {
	if len(b) < 2 {
		return tag{}
	}
	if bytes.HasPrefix(b, []byte("<!--")) {
		if i := bytes.Index(b[4:], []byte("-->")); i >= 0 {
			return tag{size: 4 + i + 3}
		}
		return tag{size: len(b)}
	}
	var t tag
	i := 1
	switch c := b[1]; {
	case c == '!' || c == '?': // a declaration: to its ">"
		if j := bytes.IndexByte(b, '>'); j >= 0 {
			return tag{size: j + 1}
		}
		return tag{size: len(b)}
	case c == '/':
		t.end, i = true, 2
	}
	start := i
	for i < len(b) && isNameByte(b[i]) {
		i++
	}
	if i == start || !isLetter(b[start]) {
		return tag{}
	}
	t.name = knownName(b[start:i])
	cell := t.name == "th" || t.name == "td"
	// Attributes, to the ">" outside any quoted value.
	for i < len(b) {
		c := b[i]
		switch {
		case c == '>':
			t.size = i + 1
			t.rawText = !t.end && (t.name == "script" || t.name == "style" || t.name == "textarea" || t.name == "title")
			return t
		case isSpace(c) || c == '/':
			i++
		default:
			nameStart := i
			for i < len(b) && b[i] != '=' && b[i] != '>' && !isSpace(b[i]) && !(b[i] == '/' && i+1 < len(b) && b[i+1] == '>') {
				i++
			}
			attr := b[nameStart:i]
			var value []byte
			for i < len(b) && isSpace(b[i]) {
				i++
			}
			if i < len(b) && b[i] == '=' {
				i++
				for i < len(b) && isSpace(b[i]) {
					i++
				}
				if i < len(b) && (b[i] == '"' || b[i] == '\'') {
					q := b[i]
					j := bytes.IndexByte(b[i+1:], q)
					if j < 0 {
						return tag{size: len(b)}
					}
					value, i = b[i+1:i+1+j], i+1+j+1
				} else {
					vs := i
					for i < len(b) && b[i] != '>' && !isSpace(b[i]) {
						i++
					}
					value = b[vs:i]
				}
			}
			switch {
			case !cell:
			case bytes.EqualFold(attr, []byte("colspan")):
				t.colspan = html.UnescapeString(string(value))
			case bytes.EqualFold(attr, []byte("data-label")):
				t.labelled = true
			}
		}
	}
	return tag{size: len(b)} // unterminated: the rest is the tag
}

// closingTag is where, in b, the end tag of the raw-text element name starts
// (len(b) when it has none).
func closingTag(b []byte, name string) int {
	for off := 0; ; {
		i := bytes.Index(b[off:], []byte("</"))
		if i < 0 {
			return len(b)
		}
		at := off + i
		if end := at + 2 + len(name); end <= len(b) && strings.EqualFold(string(b[at+2:end]), name) &&
			(end == len(b) || !isNameByte(b[end])) {
			return at
		}
		off = at + 2
	}
}

// knownName is a tag's name in lower case when labelCells looks at tags of
// that name, "" otherwise (without allocating: it runs on every tag).
func knownName(b []byte) string {
	var lower [8]byte
	if len(b) > len(lower) {
		return ""
	}
	for i, c := range b {
		lower[i] = c | 0x20
		if c >= '0' && c <= '9' || c == '-' {
			lower[i] = c
		}
	}
	switch n := lower[:len(b)]; string(n) {
	case "table":
		return "table"
	case "tr":
		return "tr"
	case "th":
		return "th"
	case "td":
		return "td"
	case "script":
		return "script"
	case "style":
		return "style"
	case "textarea":
		return "textarea"
	case "title":
		return "title"
	}
	return ""
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isNameByte(c byte) bool { return isLetter(c) || c >= '0' && c <= '9' || c == '-' }
