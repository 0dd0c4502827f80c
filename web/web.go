// Package web embeds the portal's static assets (CSS, icons).
package web

import "embed"

// Static holds static/…, served under /static/.
//
//go:embed static
var Static embed.FS
