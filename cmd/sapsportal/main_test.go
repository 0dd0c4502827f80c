package main

import (
	"io"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestConfigDefaultsAndOverrides(t *testing.T) {
	c, err := parseConfig(nil, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	// No DATABASE_URL: the embedded default with the demo on 1 March 2021.
	if c.Addr != "127.0.0.1:8080" || !c.Demo || c.Clock != "2021-03-01" || c.BaseURL != "http://127.0.0.1:8080" || c.DataDir != ".data" {
		t.Errorf("defaults: %+v", c)
	}
	c, err = parseConfig([]string{"--addr", "127.0.0.1:9000", "--sweep-interval", "5s"},
		env(map[string]string{"DATABASE_URL": "postgres://x/y", "BASE_URL": "https://portal.example", "SMTP_ADDR": "mail:25"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	// A real database: no demo, the real clock, unless asked.
	if c.Demo || c.Clock != "" || c.Addr != "127.0.0.1:9000" || c.BaseURL != "https://portal.example" || c.SweepInterval != 5*time.Second || c.SMTPAddr != "mail:25" {
		t.Errorf("overrides: %+v", c)
	}
	c, _ = parseConfig([]string{"--demo"}, env(map[string]string{"DATABASE_URL": "postgres://x/y", "SAPS_CLOCK": "2021-06-30"}), io.Discard)
	if !c.Demo || c.Clock != "2021-06-30" {
		t.Errorf("--demo with SAPS_CLOCK: %+v", c)
	}
	if _, err := parseConfig([]string{"--no-such-flag"}, env(nil), io.Discard); err == nil {
		t.Error("an unknown flag was accepted")
	}
}
