package app_test

import (
	"context"
	"testing"

	"sapsportal/internal/program"
)

// Pages read the policy from a short cache; a global admin's save empties
// it at once, so the next page shows the new date.
func TestSavedPolicyShowsAtOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	before, err := e.a.Policy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	next := before
	next.LastDayToCreate = program.D(2021, 6, 15)
	if err := e.a.SavePolicy(ctx, e.demo.Actor("admin@program.example"), next); err != nil {
		t.Fatal(err)
	}
	after, err := e.a.Policy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after.LastDayToCreate != next.LastDayToCreate {
		t.Errorf("last day to create after the save = %v, want %v", after.LastDayToCreate, next.LastDayToCreate)
	}
	page, err := e.a.CustomerOverview(ctx, e.demo.Actor("benefits@contoso.example"))
	if err != nil {
		t.Fatal(err)
	}
	if page.Policy.LastDayToCreate != next.LastDayToCreate {
		t.Errorf("the home page's policy = %v, want %v", page.Policy.LastDayToCreate, next.LastDayToCreate)
	}
}
