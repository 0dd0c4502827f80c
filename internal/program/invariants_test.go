package program

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

// sim is an in-memory program of one enrollment, driven the way the app
// drives the domain: ask a step, apply its outcome. It lets the fuzzer check
// DOMAIN.md's invariants over random sequences of steps at random times.
type sim struct {
	p        Policy
	now      time.Time
	e        Enrollment
	vouchers []Voucher
	ledger   []Entry
	reserved map[int64]int // live reservations per voucher
	payments map[int64]int // payment requests per voucher
	accrued  int
}

func newSim() *sim {
	p := policyIn(losAngeles)
	s := &sim{p: p, now: at(p, D(2019, 10, 1), 9, 0), reserved: map[int64]int{}, payments: map[int64]int{}}
	s.e = Enrollment{ID: 1, OrgID: 10, AgreementNumber: "SA-1", Country: "US"}
	return s
}

func (s *sim) apply(entries ...Entry) {
	for _, e := range entries {
		s.ledger = append(s.ledger, e)
		s.e.Balance += e.Days
		if e.Kind == EntryAccrual || e.Kind == EntryTrainingConversion {
			s.accrued += e.Days
		}
		if e.Kind == EntryRetirementRemoval {
			s.e.Removed = true
		}
	}
}

// step applies one operation chosen by op to voucher number arg.
func (s *sim) step(op, arg byte) {
	var v *Voucher
	if len(s.vouchers) > 0 {
		v = &s.vouchers[int(arg)%len(s.vouchers)]
	}
	before := Voucher{}
	if v != nil {
		before = *v
	}
	var o Outcome
	var err error
	pt := fabrikam()
	pt.Enrollments[0].ValidTo = D(2030, 1, 1)
	switch op % 14 {
	case 0:
		s.now = s.now.Add(time.Duration(arg) * 7 * time.Hour)
		return
	case 1:
		var e Entry
		if e, _, err = s.e.RecordAccrual(s.p, s.now, int(arg%20)+1, s.p.Today(s.now), ""); err == nil {
			s.apply(e)
		}
		return
	case 2:
		var e Entry
		if e, _, err = s.e.ConvertTraining(s.p, s.now, int(arg%5)+1); err == nil {
			s.apply(e)
		}
		return
	case 3:
		s.e, _, _ = s.e.Activate(s.p, s.now)
		return
	case 4:
		et := sharePoint
		if arg%7 == 0 {
			et = azure
		}
		o, err = CreateVoucher(s.p, s.now, s.e, CreateInput{Code: NewCode(), EngagementType: et, Days: Lengths[int(arg)%5], ProjectManagerEmail: "pm@x.example"})
		if err == nil {
			o.Voucher.ID = int64(len(s.vouchers) + 1)
			s.vouchers = append(s.vouchers, o.Voucher)
			s.apply(o.Ledger...)
		}
		return
	case 5:
		if v == nil {
			return
		}
		o, err = v.Void(s.p, s.now, s.e)
	case 6:
		if v == nil {
			return
		}
		o, err = v.Reserve(s.p, s.now, ReserveInput{Partner: pt, Email: "pm@x.example", LocationID: 3, StartOn: s.p.Today(s.now), TermsAccepted: true})
		if err == nil {
			s.reserved[v.ID]++
		}
	case 7:
		if v == nil {
			return
		}
		o, err = v.CancelReservation(s.p, s.now, 20)
		if err == nil {
			s.reserved[v.ID]--
		}
	case 8:
		if v == nil {
			return
		}
		today := s.p.Today(s.now)
		o, err = v.Complete(s.p, s.now, pt, Report{DeliveredStart: v.CreatedOn, DeliveredEnd: today, Consultants: []int64{99}, Summary: "ok", Files: 1})
	case 9:
		if v == nil {
			return
		}
		o, err = v.Redeem(s.p, s.now, 20)
	case 10:
		if v == nil {
			return
		}
		o, _, err = v.RequestPayment(s.p, s.now, 20, PaymentInput{Registered: true, Payee: true, Rates: usRate})
		if err == nil {
			s.payments[v.ID]++
		}
	case 11:
		if v == nil {
			return
		}
		if arg%2 == 0 {
			o, err = v.ApprovePayment("REF")
		} else {
			o, err = v.DenyPayment("reason")
		}
	case 12:
		s.catchUp()
		return
	case 13:
		if v == nil {
			return
		}
		o, err = v.Reassign(s.p, s.now, fmt.Sprintf("pm%d@x.example", arg))
	}
	if err != nil {
		if !reflect.DeepEqual(*v, before) {
			panic("a refused step changed the voucher")
		}
		return
	}
	if before.State.Ended() {
		panic(fmt.Sprintf("step %d changed a voucher in end state %s", op%14, before.State))
	}
	*v = o.Voucher
	s.apply(o.Ledger...)
}

// catchUp is the sweep as the app runs it: expiries before the removal day,
// the removal, then later expiries and closing payment windows.
func (s *sim) catchUp() {
	expire := func(beforeRemoval bool) {
		for i := range s.vouchers {
			v := &s.vouchers[i]
			if v.ExpiresOn.Before(s.p.RemovalOn) != beforeRemoval {
				continue
			}
			if o, err := v.Expire(s.p, s.now, s.e); err == nil {
				*v = o.Voucher
				s.apply(o.Ledger...)
			}
		}
	}
	expire(true)
	if e, _, err := s.e.RetirementRemoval(s.p, s.now); err == nil {
		s.apply(e)
	}
	expire(false)
	for i := range s.vouchers {
		if o, err := s.vouchers[i].ClosePaymentWindow(s.p, s.now); err == nil {
			s.vouchers[i] = o.Voucher
		}
	}
}

func (s *sim) check() error {
	sum := 0
	removed, forfeited := 0, 0
	for _, e := range s.ledger {
		sum += e.Days
		if e.Kind == EntryRetirementRemoval {
			removed -= e.Days
		}
	}
	if s.e.Balance < 0 {
		return fmt.Errorf("balance %d < 0", s.e.Balance)
	}
	if sum != s.e.Balance {
		return fmt.Errorf("balance %d != ledger sum %d", s.e.Balance, sum)
	}
	live, redeemed := 0, 0
	for _, v := range s.vouchers {
		switch {
		case v.State.Unredeemed():
			live += v.Days
		case v.State == Redeemed || v.State == PaymentRequested || v.State == Paid || v.State == Denied:
			redeemed += v.Days
		case v.State == Expired && !v.ExpiresOn.Before(s.p.RemovalOn):
			forfeited += v.Days
		}
		if s.reserved[v.ID] > 1 || s.reserved[v.ID] < 0 || s.payments[v.ID] > 1 {
			return fmt.Errorf("voucher %d: %d reservations, %d payments", v.ID, s.reserved[v.ID], s.payments[v.ID])
		}
	}
	if s.accrued != s.e.Balance+live+redeemed+forfeited+removed {
		return fmt.Errorf("days not conserved: accrued %d != balance %d + live %d + redeemed %d + forfeited %d + removed %d",
			s.accrued, s.e.Balance, live, redeemed, forfeited, removed)
	}
	return nil
}

func FuzzInvariants(f *testing.F) {
	f.Add([]byte{3, 0, 1, 20, 2, 4, 4, 1, 6, 0, 0, 3, 8, 0, 9, 0, 10, 0, 11, 0})
	f.Add([]byte{3, 0, 2, 4, 4, 2, 4, 3, 0, 200, 0, 200, 0, 255, 12, 0, 0, 255, 0, 255, 12, 0, 5, 0})
	f.Add([]byte{1, 19, 3, 0, 4, 4, 4, 0, 6, 1, 7, 1, 6, 1, 0, 90, 8, 1, 9, 1, 0, 255, 0, 255, 12, 0, 10, 1, 0, 250, 12, 0, 10, 1})
	// Long clock jumps across the removal day with vouchers of every kind.
	seed := []byte{3, 0, 2, 5, 1, 10}
	for i := 0; i < 40; i++ {
		seed = append(seed, 4, byte(i), 0, 120, byte(5+i%9), byte(i), 12, 0)
	}
	f.Add(seed)
	f.Fuzz(func(t *testing.T, ops []byte) {
		s := newSim()
		s.step(1, 10) // a first accrual, effective 2019-10-01
		for i := 0; i+1 < len(ops); i += 2 {
			s.step(ops[i], ops[i+1])
			if err := s.check(); err != nil {
				t.Fatalf("after op %d (%d,%d) at %v: %v", i/2, ops[i], ops[i+1], s.p.Today(s.now), err)
			}
		}
	})
}
