package mail

import (
	"bufio"
	"context"
	"io"
	"mime"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"
)

// fakeSMTP is a minimal SMTP server on loopback that keeps what it receives.
func fakeSMTP(t *testing.T) (addr string, got chan string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	got = make(chan string, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(10 * time.Second))
		r := bufio.NewReader(conn)
		say := func(s string) { conn.Write([]byte(s + "\r\n")) }
		say("220 fake ESMTP")
		var data strings.Builder
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			cmd := strings.ToUpper(strings.TrimSpace(line))
			switch {
			case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
				say("250 fake")
			case strings.HasPrefix(cmd, "MAIL"), strings.HasPrefix(cmd, "RCPT"):
				say("250 ok")
			case cmd == "DATA":
				say("354 go on")
				for {
					l, err := r.ReadString('\n')
					if err != nil {
						return
					}
					if l == ".\r\n" {
						break
					}
					data.WriteString(strings.TrimPrefix(l, ".")) // un-stuff, as a real server does
				}
				say("250 queued")
				got <- data.String()
			case cmd == "QUIT":
				say("221 bye")
				return
			default:
				say("250 ok")
			}
		}
	}()
	return ln.Addr().String(), got
}

func TestSendDeliversAReadableMessage(t *testing.T) {
	addr, got := fakeSMTP(t)
	s := SMTP{Addr: addr, From: "Planning Services <no-reply@program.example>"}
	if err := s.Send(context.Background(), "pm@contoso.example", "Bon ABCD-EFGH-JKLM qui vous est attribué", "Bonjour,\n.\nfin"); err != nil {
		t.Fatal(err)
	}
	raw := <-got
	msg, err := mail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subject != "Bon ABCD-EFGH-JKLM qui vous est attribué" {
		t.Errorf("subject %q, %v", subject, err)
	}
	if msg.Header.Get("To") != "pm@contoso.example" || !strings.HasPrefix(msg.Header.Get("Content-Type"), "text/plain; charset=utf-8") {
		t.Errorf("headers: %v", msg.Header)
	}
	body, _ := io.ReadAll(msg.Body)
	// The lone dot was stuffed on the wire and is a dot again here.
	if string(body) != "Bonjour,\r\n.\r\nfin\r\n" {
		t.Errorf("body %q", body)
	}
}

func TestSendReportsAnUnreachableServer(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	if err := (SMTP{Addr: addr, From: "x@y.example"}).Send(context.Background(), "a@b.example", "s", "b"); err == nil {
		t.Error("no error from a closed port")
	}
	if err := (SMTP{Addr: addr, From: "not an address"}).Send(context.Background(), "a@b.example", "s", "b"); err == nil {
		t.Error("a bad From was accepted")
	}
}
