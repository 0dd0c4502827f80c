package partner

import (
	"io"
	"mime/multipart"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// MaxUploadMemory is how much of a report's upload is parsed in memory
// (the rest goes to temporary files).
const MaxUploadMemory = maxFiles * maxFileSize

// ReadDeliverables reads a completion report's files, refusing (before
// anything is stored) too many, an empty or too large one, an SVG, or a
// type a report is not made of. The pages and the API both read them here.
func ReadDeliverables(fhs []*multipart.FileHeader) ([]store.File, error) {
	var files []store.File
	for _, fh := range fhs {
		if len(files) == maxFiles {
			return nil, program.Invalid("files", "Attach at most %d files.", maxFiles)
		}
		if fh.Size > maxFileSize || fh.Size == 0 {
			return nil, program.Invalid("files", "%s is empty or larger than 10 MB.", fh.Filename)
		}
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		content, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
		f.Close()
		if err != nil {
			return nil, err
		}
		ct := sniff(fh.Filename, content)
		if isSVG(content) {
			return nil, program.Invalid("files", "%s is an SVG image, which is not accepted: attach a PNG, a JPEG or a PDF.", fh.Filename)
		}
		if allowedTypes[ct] == nil {
			return nil, program.Invalid("files", "%s is not a PDF, Office document, text, image or ZIP file.", fh.Filename)
		}
		files = append(files, store.File{Name: safeFilename(fh.Filename, ct), ContentType: ct, Content: content})
	}
	return files, nil
}

// TooLarge is the refusal of an upload that could not be read whole.
func TooLarge() error {
	return program.Invalid("files", "The files are too large: at most %d files of 10 MB each.", maxFiles)
}
