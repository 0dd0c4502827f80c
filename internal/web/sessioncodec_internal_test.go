package web

import (
	"bytes"
	"maps"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

func TestSessionCodecReadsWhatItWritesAndGob(t *testing.T) {
	deadline := time.Date(2026, 12, 1, 14, 0, 0, 123, time.UTC)
	values := map[string]any{keyUserID: int64(42), keyOrgID: int64(-7), keyLang: "fr", keyAgent: "Mozilla/5.0 « é »", keyFlash: ""}
	var c sessionCodec
	b, err := c.Encode(deadline, values)
	if err != nil || b[0] != sessionMagic {
		t.Fatalf("encode: %v %x", err, b)
	}
	again, _ := c.Encode(deadline, maps.Clone(values))
	if !bytes.Equal(b, again) {
		t.Error("the same values gave other bytes: every request would write its session")
	}
	d, got, err := c.Decode(b)
	if err != nil || !d.Equal(deadline) || !maps.Equal(got, values) {
		t.Fatalf("decode: %v %v %v", err, d, got)
	}
	// Sessions stored by gob before still read; a value of another type is
	// written as gob, and read back.
	old, err := scs.GobCodec{}.Encode(deadline, values)
	if err != nil {
		t.Fatal(err)
	}
	if d, got, err := c.Decode(old); err != nil || !d.Equal(deadline) || !maps.Equal(got, values) {
		t.Fatalf("gob data: %v %v %v", err, d, got)
	}
	other := map[string]any{"n": 3.5, keyUserID: int64(1)}
	b, err = c.Encode(deadline, other)
	if err != nil || b[0] == sessionMagic {
		t.Fatalf("a float: %v %x", err, b)
	}
	if _, got, err := c.Decode(b); err != nil || got["n"] != 3.5 {
		t.Fatalf("a float back: %v %v", err, got)
	}
	if got := sessionOwner(again); got.UserID != 42 || got.UserAgent != values[keyAgent] {
		t.Errorf("owner: %+v", got)
	}
	// Truncated or altered data is an error, never a panic or a session.
	for i := 1; i < len(again); i++ {
		if _, v, err := c.Decode(again[:i]); err == nil {
			t.Errorf("%d bytes of %d decoded: %v", i, len(again), v)
		}
	}
}

func FuzzSessionCodec(f *testing.F) {
	b, _ := sessionCodec{}.Encode(time.Unix(1, 0), map[string]any{keyUserID: int64(42), keyLang: "fr"})
	f.Add(b)
	f.Add([]byte{sessionMagic, 0, 200, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) == 0 || b[0] != sessionMagic {
			return // gob's own
		}
		d, v, err := sessionCodec{}.Decode(b)
		if err != nil {
			return
		}
		again, err := sessionCodec{}.Encode(d, v)
		if err != nil {
			t.Fatal(err)
		}
		if _, w, err := (sessionCodec{}).Decode(again); err != nil || !maps.Equal(v, w) {
			t.Fatalf("round trip: %v %v %v", err, v, w)
		}
	})
}
