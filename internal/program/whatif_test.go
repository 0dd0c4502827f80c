package program

import "testing"

func TestWhatIf(t *testing.T) {
	p := DefaultPolicy()
	today := D(2021, 3, 1)
	ens := []Enrollment{{ID: 1, Balance: 18, SAEndDate: D(2022, 12, 31)}, {ID: 2, Balance: 0, SAEndDate: D(2022, 12, 31)}}
	vs := []Voucher{
		{ID: 10, EnrollmentID: 1, Days: 3, State: Assigned, ExpiresOn: D(2021, 6, 15)}, // back before the removal
		{ID: 11, EnrollmentID: 1, Days: 5, State: Reserved, ExpiresOn: D(2021, 8, 9)},  // forfeited after it
		{ID: 12, EnrollmentID: 2, Days: 1, State: Assigned, ExpiresOn: D(2022, 1, 1)},
		{ID: 13, Days: 3, State: Redeemed, RedeemedOn: D(2021, 4, 7), Country: "US", EngagementType: EngagementType{Offering: "SDPS"}},
	}
	rates := []Rate{{Country: "US", Currency: "USD", AmountMinor: 120000, ValidFrom: D(2019, 1, 1)}}

	pr, err := p.WhatIf(today, D(2021, 6, 30), ens, vs, rates)
	if err != nil || len(pr.Removed) != 0 || len(pr.Expired) != 1 || pr.Expired[0].DaysReturned != 3 || len(pr.PaymentsClosed) != 1 || pr.CreationClosed {
		t.Errorf("30 June 2021: %+v %v", pr, err)
	}
	if l := pr.PaymentsClosed[0]; l.LastDay != D(2021, 6, 6) || !l.Known || l.Amount != (Money{360000, "USD"}) {
		t.Errorf("payment: %+v", l)
	}
	pr, _ = p.WhatIf(today, D(2021, 7, 1), ens, vs, rates)
	if pr.DaysRemoved() != 21 || !pr.CreationClosed { // 18 + 3 returned on 15 June
		t.Errorf("1 July 2021: removed %d, %+v", pr.DaysRemoved(), pr)
	}
	pr, _ = p.WhatIf(today, D(2022, 1, 2), ens, vs, rates)
	if len(pr.Expired) != 3 || pr.Expired[1].DaysReturned != 0 || pr.Expired[2].DaysReturned != 0 || !pr.RedeemClosed {
		t.Errorf("2 January 2022: %+v", pr.Expired)
	}
	if _, err := p.WhatIf(today, D(2021, 2, 28), ens, vs, rates); !IsCode(err, CodeInvalid) {
		t.Errorf("a past day: %v", err)
	}
	// The voucher given is not changed.
	if vs[0].State != Assigned || ens[0].Balance != 18 {
		t.Error("the projection changed its input")
	}
}
