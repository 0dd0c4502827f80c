// Package mail delivers the portal's emails over SMTP with the standard
// library.
package mail

import (
	"context"
	"fmt"
	"mime"
	"net/mail"
	"net/smtp"
	"strings"
	"time"
)

// SMTP sends through a server (host:port), without authentication: a relay
// on the private network or a development catcher.
type SMTP struct {
	Addr string
	From string // "Planning Services <no-reply@example.org>"
}

// Send delivers one plain-text email.
func (s SMTP) Send(ctx context.Context, to, subject, body string) error {
	from, err := mail.ParseAddress(s.From)
	if err != nil {
		return fmt.Errorf("mail: SMTP_FROM %q: %w", s.From, err)
	}
	msg := Message(s.From, to, subject, body, time.Now())
	done := make(chan error, 1)
	go func() { done <- smtp.SendMail(s.Addr, nil, from.Address, []string{to}, msg) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Message is an RFC 5322 message: UTF-8 text, subject encoded for any
// language, lines ending in CRLF.
func Message(from, to, subject, body string, at time.Time) []byte {
	var b strings.Builder
	for _, h := range [][2]string{
		{"From", from}, {"To", to}, {"Subject", mime.QEncoding.Encode("utf-8", subject)},
		{"Date", at.Format(time.RFC1123Z)}, {"MIME-Version", "1.0"},
		{"Content-Type", "text/plain; charset=utf-8"}, {"Content-Transfer-Encoding", "8bit"},
	} {
		b.WriteString(h[0] + ": " + h[1] + "\r\n")
	}
	b.WriteString("\r\n")
	// net/smtp's data writer does the dot-stuffing.
	for _, line := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		b.WriteString(line + "\r\n")
	}
	return []byte(b.String())
}
