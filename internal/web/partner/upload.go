package partner

import (
	"bytes"
	"net/http"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"sapsportal/internal/program"
)

// Deliverables: at most maxFiles files of at most maxFileSize each, of the
// types a report is made of; anything else is refused before it is stored.
const (
	maxFiles    = 5
	maxFileSize = 10 << 20
)

// allowedTypes are the content types a deliverable may have, each with the
// extensions its name may keep (the first is given to a name without one).
var allowedTypes = map[string][]string{
	"application/pdf": {".pdf"},
	"text/plain":      {".txt", ".csv", ".md", ".log"},
	"image/png":       {".png"},
	"image/jpeg":      {".jpg", ".jpeg"},
	"application/zip": {".zip"}, // Office documents are ZIP containers
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   {".docx"},
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": {".pptx"},
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         {".xlsx"},
}

// sniff is the content type of a file by its bytes (never the browser's
// word for it); Office documents are told apart by their extension.
func sniff(name string, content []byte) string {
	t := http.DetectContentType(content)
	if i := strings.Index(t, ";"); i >= 0 {
		t = t[:i]
	}
	if t == "application/zip" {
		switch strings.ToLower(path.Ext(name)) {
		case ".docx":
			return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
		case ".pptx":
			return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
		case ".xlsx":
			return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		}
	}
	return t
}

// isSVG reports whether content is an SVG image, which can carry scripts
// however it is sniffed (as text, or as XML).
func isSVG(content []byte) bool {
	head := content[:min(len(content), 1024)]
	return bytes.Contains(bytes.ToLower(head), []byte("<svg"))
}

// safeFilename is the name a deliverable is stored and downloaded under:
// the last path element, without control characters or direction
// overrides, its inner dots folded (report.pdf.html is no .pdf), an
// extension that fits the sniffed content type, and at most 255 bytes.
func safeFilename(name, contentType string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) || program.DirectionOverride(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(name, ""))
	ext := strings.ToLower(path.Ext(name))
	base := strings.TrimSuffix(name, path.Ext(name))
	exts := allowedTypes[contentType]
	if len(exts) == 0 {
		exts = []string{".bin"}
	}
	if !slices.Contains(exts, ext) {
		ext = exts[0]
	}
	base = strings.Trim(strings.ReplaceAll(base, ".", "_"), " _")
	if base == "" {
		base = "file"
	}
	for len(base)+len(ext) > program.MaxFilename {
		_, size := utf8.DecodeLastRuneInString(base)
		base = base[:len(base)-size]
	}
	return base + ext
}
