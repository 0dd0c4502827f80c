package program

import (
	"testing"
	"time"
)

func TestInvitationStatusAndAnswers(t *testing.T) {
	created := time.Date(2021, 3, 1, 9, 0, 0, 0, time.UTC)
	open := Invitation{Email: "x@example.com", Role: Consultant}.Renewed(created)
	if want := created.Add(7 * 24 * time.Hour); !open.ExpiresAt.Equal(want) {
		t.Fatalf("expires %v, want 7 days later %v", open.ExpiresAt, want)
	}
	answered := func(f func(*Invitation)) Invitation { i := open; f(&i); return i }
	tests := []struct {
		name string
		inv  Invitation
		at   time.Time
		want LinkStatus
		code Code // of Answerable; "" when it may be answered
	}{
		{"open on the day it was sent", open, created, LinkOpen, ""},
		{"open a second before the week ends", open, open.ExpiresAt.Add(-time.Second), LinkOpen, ""},
		{"expired at the end of the week", open, open.ExpiresAt, LinkExpired, CodeLinkExpired},
		{"accepted stays accepted after expiry", answered(func(i *Invitation) { i.AcceptedAt = created }), open.ExpiresAt.Add(time.Hour), LinkAccepted, CodeLinkUsed},
		{"declined", answered(func(i *Invitation) { i.DeclinedAt = created }), created, LinkDeclined, CodeLinkUsed},
		{"withdrawn", answered(func(i *Invitation) { i.RevokedAt = created }), created, LinkRevoked, CodeLinkUsed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.inv.Status(tt.at); got != tt.want {
				t.Errorf("status = %s, want %s", got, tt.want)
			}
			err := tt.inv.Answerable(tt.at)
			if (tt.code == "") != (err == nil) || (err != nil && !IsCode(err, tt.code)) {
				t.Errorf("Answerable = %v, want code %q", err, tt.code)
			}
			renewable := tt.want == LinkOpen || tt.want == LinkExpired
			if got := tt.inv.Renewable(tt.at) == nil; got != renewable {
				t.Errorf("Renewable = %v, want %v", got, renewable)
			}
		})
	}
}

func TestPasswordResetLasts1Hour(t *testing.T) {
	at := time.Date(2021, 3, 1, 9, 0, 0, 0, time.UTC)
	r := PasswordReset{ExpiresAt: at.Add(ResetValidity)}
	if err := r.Usable(at.Add(59 * time.Minute)); err != nil {
		t.Errorf("after 59 minutes: %v", err)
	}
	if err := r.Usable(at.Add(time.Hour)); !IsCode(err, CodeLinkExpired) {
		t.Errorf("after an hour: %v, want expired", err)
	}
	r.UsedAt = at
	if err := r.Usable(at); !IsCode(err, CodeLinkUsed) {
		t.Errorf("used: %v, want used", err)
	}
}

func TestLastAdminCannotLeave(t *testing.T) {
	for _, tt := range []struct {
		role   Role
		others int
		ok     bool
	}{
		{PartnerGlobalAdmin, 0, false}, {PartnerGlobalAdmin, 1, true},
		{BenefitAdmin, 0, false}, {BenefitAdmin, 2, true},
		{Consultant, 0, true}, {ProjectManager, 0, true}, {PartnerAdmin, 0, true},
	} {
		if err := Leave(tt.role, tt.others); (err == nil) != tt.ok || (err != nil && !IsCode(err, CodeLastAdmin)) {
			t.Errorf("Leave(%s, %d others) = %v, want ok=%v", tt.role, tt.others, err, tt.ok)
		}
	}
}

func TestInvitableBy(t *testing.T) {
	for _, tt := range []struct {
		actor, role Role
		ok          bool
	}{
		{PartnerGlobalAdmin, Consultant, true}, {PartnerGlobalAdmin, PartnerAdmin, true},
		{PartnerGlobalAdmin, PartnerGlobalAdmin, false}, {PartnerGlobalAdmin, GlobalAdmin, false},
		{BenefitAdmin, ProjectManager, true}, {BenefitAdmin, BenefitAdmin, false},
		{GlobalAdmin, PartnerGlobalAdmin, true}, {PartnerAdmin, Consultant, false}, {Consultant, Consultant, false},
	} {
		if got := InvitableBy(tt.actor, tt.role); got != tt.ok {
			t.Errorf("InvitableBy(%s, %s) = %v, want %v", tt.actor, tt.role, got, tt.ok)
		}
	}
}

func TestPersonName(t *testing.T) {
	long := ""
	for range 201 {
		long += "é"
	}
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"  Ada Lovelace ", "Ada Lovelace", true},
		{long[:len(long)-2], long[:len(long)-2], true}, // 200 characters
		{long, "", false},
		{" ", "", false},
		{"Eve\u202egnp.exe", "", false},
		{"tab\there", "", false},
	} {
		got, err := PersonName("name", tt.in)
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("PersonName(%q) = %q, %v; want %q ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}
