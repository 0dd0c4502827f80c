package program

import (
	"errors"
	"fmt"
	"testing"
)

func TestProblemsReportsEveryRefusal(t *testing.T) {
	var p Problems
	p.Add(nil)
	if p.Err() != nil {
		t.Fatalf("no problem: %v", p.Err())
	}
	p.Add(Invalid("a", "A is wrong."))
	p.Add(fmt.Errorf("wrapped: %w", Invalid("b", "B is wrong.")))
	err := p.Err()
	if r, ok := AsRefusal(err); !ok || r.Field != "a" {
		t.Fatalf("first refusal = %v, want field a", r)
	}
	var fields []string
	for _, r := range Refusals(err) {
		fields = append(fields, r.Field)
	}
	if fmt.Sprint(fields) != "[a b]" {
		t.Fatalf("fields = %v, want [a b]", fields)
	}
	if !p.Has("b") || p.Has("c") {
		t.Fatal("Has")
	}
	if Refusals(errors.New("plain")) != nil {
		t.Fatal("a plain error holds no refusal")
	}
}
