package program

// The yearly renewal of an offering enrollment (DOMAIN.md §9): an
// enrollment lasts a year; from 90 days before it ends its partner global
// admin may ask to renew it, and once a global admin approves it runs one
// more year from its current end, however late the approval.
//
// "From 90 days before it ends" is read as the enrollment's last 90 days,
// its last day (ValidTo) included: the enrollment ends when ValidTo is over
// (at ValidTo+1 00:00 program time), and 90 days before that is the start of
// ValidTo−89. The renewal runs from ValidTo+1 for one year (EnrollmentPeriod),
// so that no day is lost or counted twice.

// RenewableFrom is the first day the partner may ask to renew e.
func (e PartnerEnrollment) RenewableFrom() Date { return e.ValidTo.AddDays(-(RenewalWindowDays - 1)) }

// Ended reports whether e no longer counts on day d (its last day has passed).
func (e PartnerEnrollment) Ended(d Date) bool { return d.After(e.ValidTo) }

// Renewable reports whether the partner may ask to renew e on day d.
func (e PartnerEnrollment) Renewable(d Date) bool {
	return !d.Before(e.RenewableFrom()) && !e.Ended(d)
}

// RequestRenewal decides whether the partner may ask, on day today, to renew
// enrollment e; pending says a request to renew it already waits.
func (e PartnerEnrollment) RequestRenewal(today Date, pending bool) error {
	switch {
	case e.Ended(today):
		return refuse(CodeWrongState, "DOMAIN.md §9", e.ValidTo,
			"Your enrollment in %s ended on %s; request a new enrollment instead.", e.Offering, e.ValidTo)
	case pending:
		return refuse(CodeWrongState, "DOMAIN.md §9", Date{},
			"A request to renew your enrollment in %s is already waiting for the program's decision.", e.Offering)
	case today.Before(e.RenewableFrom()):
		return refuse(CodeWrongState, "DOMAIN.md §9", e.RenewableFrom(),
			"Your enrollment in %s runs until %s; you can ask to renew it from %s (90 days before it ends).", e.Offering, e.ValidTo, e.RenewableFrom())
	}
	return nil
}

// Renewed is e extended by one year from its current end, not from the day
// of the approval (DOMAIN.md §9).
func (e PartnerEnrollment) Renewed() PartnerEnrollment {
	_, e.ValidTo = EnrollmentPeriod(e.ValidTo.AddDays(1))
	return e
}
