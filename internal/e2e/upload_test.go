package e2e

import "github.com/chromedp/chromedp"

// chromedpUpload puts a file in a file input, as choosing it would.
func chromedpUpload(sel, path string) chromedp.Action[chromedp.Void] {
	return chromedp.SetUploadFiles(chromedp.CSS(sel), []string{path})
}
