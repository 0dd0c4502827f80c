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
// type a report is not made of: every refused file is named, and then none
// is returned. The pages and the API both read them here.
func ReadDeliverables(fhs []*multipart.FileHeader) ([]store.File, error) {
	if len(fhs) > maxFiles {
		return nil, program.Invalid("files", "Attach at most %d files.", maxFiles)
	}
	var files []store.File
	var refused program.Problems
	for _, fh := range fhs {
		if fh.Size > maxFileSize || fh.Size == 0 {
			refused.Add(program.Invalid("files", "%s is empty or larger than 10 MB.", fh.Filename))
			continue
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
			refused.Add(program.Invalid("files", "%s is an SVG image, which is not accepted: attach a PNG, a JPEG or a PDF.", fh.Filename))
			continue
		}
		if allowedTypes[ct] == nil {
			refused.Add(program.Invalid("files", "%s is not a PDF, Office document, text, image or ZIP file.", fh.Filename))
			continue
		}
		files = append(files, store.File{Name: safeFilename(fh.Filename, ct), ContentType: ct, Content: content})
	}
	if err := refused.Err(); err != nil {
		return nil, err
	}
	return files, nil
}

// TooLarge is the refusal of an upload that could not be read whole.
func TooLarge() error {
	return program.Invalid("files", "The files are too large: at most %d files of 10 MB each.", maxFiles)
}
