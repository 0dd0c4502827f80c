// Package migrations embeds the numbered SQL migrations into the binary.
package migrations

import "embed"

// FS holds NNNNNN_name.up.sql / .down.sql pairs for golang-migrate.
//
//go:embed *.sql
var FS embed.FS
