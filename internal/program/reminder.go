package program

import (
	"slices"
	"strconv"
	"strings"
)

// ReminderKind is one kind of deadline reminder (issue 14), each for one
// audience and each switched off separately by the people who get it.
type ReminderKind string

const (
	// RemindRemoval: benefit administrators, unused days before the removal.
	RemindRemoval ReminderKind = "removal"
	// RemindAssignedExpiry: benefit administrators, vouchers still assigned
	// and unreserved before they expire.
	RemindAssignedExpiry ReminderKind = "assigned_expiry"
	// RemindVoucherExpiry: project managers, their unredeemed voucher's expiry.
	RemindVoucherExpiry ReminderKind = "voucher_expiry"
	// RemindReservedExpiry: partner admins, reserved vouchers whose validity ends.
	RemindReservedExpiry ReminderKind = "reserved_expiry"
	// RemindRedeem: partner admins, reported vouchers not yet redeemed.
	RemindRedeem ReminderKind = "redeem"
	// RemindPaymentWindow: partner admins, redeemed vouchers whose payment
	// window closes.
	RemindPaymentWindow ReminderKind = "payment_window"
)

// ReminderKinds lists every kind in the order pages show them.
var ReminderKinds = []ReminderKind{RemindRemoval, RemindAssignedExpiry, RemindVoucherExpiry,
	RemindReservedExpiry, RemindRedeem, RemindPaymentWindow}

// KnownReminderKind reports whether s names a kind.
func KnownReminderKind(s string) bool { return slices.Contains(ReminderKinds, ReminderKind(s)) }

// Audience is who gets a kind of reminder: the roles of the organisation the
// subject belongs to (the customer for days and assigned vouchers, the
// partner for reserved, reported and redeemed ones). Project managers are
// the voucher's own, by email, whether or not they have an account.
func (k ReminderKind) Audience() []Role {
	switch k {
	case RemindRemoval, RemindAssignedExpiry:
		return []Role{BenefitAdmin}
	case RemindVoucherExpiry:
		return []Role{ProjectManager}
	}
	return []Role{PartnerGlobalAdmin, PartnerAdmin} // a partner global admin does what a partner admin does
}

// ReminderDays is how many days before each kind's deadline its reminders
// go out: program policy, editable by global admins beside the schedule.
type ReminderDays map[ReminderKind][]int

// DefaultReminderDays are issue 14's: 30, 7 and 1 days before the removal
// and a project manager's expiry; 30 and 7 before an assigned or reserved
// voucher expires and before the last day to redeem; 14 and 3 before a
// payment window closes.
func DefaultReminderDays() ReminderDays {
	return ReminderDays{
		RemindRemoval: {30, 7, 1}, RemindAssignedExpiry: {30, 7}, RemindVoucherExpiry: {30, 7, 1},
		RemindReservedExpiry: {30, 7}, RemindRedeem: {30, 7}, RemindPaymentWindow: {14, 3},
	}
}

// MaxReminderDays bounds how early a reminder may go out.
const MaxReminderDays = 365

// ParseReminderDays reads "30, 7, 1" (empty: no reminders of that kind),
// largest first, each from 1 to MaxReminderDays, at most 5, no repeats.
func ParseReminderDays(field, s string) ([]int, error) {
	var out []int
	for f := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > MaxReminderDays {
			return nil, Invalid(field, "Days before a deadline are whole numbers from 1 to %d, separated by commas.", MaxReminderDays)
		}
		if slices.Contains(out, n) {
			return nil, Invalid(field, "Each number of days may appear once.")
		}
		out = append(out, n)
	}
	if len(out) > 5 {
		return nil, Invalid(field, "At most 5 reminders per deadline.")
	}
	slices.Sort(out)
	slices.Reverse(out)
	return out, nil
}

// FormatReminderDays is the form's text of a list: "30, 7, 1".
func FormatReminderDays(days []int) string {
	s := make([]string, len(days))
	for i, n := range days {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

// ReminderDue says which reminder of a deadline is due on day today: the
// most urgent threshold whose day has come (deadline − n ≤ today), and none
// once the deadline has come (it is the first day too late). A catch-up
// after a clock jump therefore sends only the reminder that is true now,
// never one for a passed deadline; the earlier thresholds it jumped over
// are not sent late. Days left is today.DaysUntil(deadline).
func (p Policy) ReminderDue(kind ReminderKind, deadline, today Date) (daysBefore int, ok bool) {
	left := today.DaysUntil(deadline)
	if left <= 0 {
		return 0, false
	}
	best := 0
	for _, n := range p.Reminders[kind] {
		if n >= left && (best == 0 || n < best) {
			best = n
		}
	}
	return best, best > 0
}

// ReminderHorizon is the furthest ahead any reminder looks, for the sweep's
// query.
func (p Policy) ReminderHorizon() int {
	m := 0
	for _, days := range p.Reminders {
		for _, n := range days {
			m = max(m, n)
		}
	}
	return m
}

// ReminderSpan is what a reminder sweep on day Today reads: the vouchers
// with a deadline of some kind after Today and by Today plus the horizon
// (VoucherDeadline's), as bounds on the columns each deadline comes from,
// so that a program of a million vouchers reads only those (issue 11).
type ReminderSpan struct {
	Today, Last Date // deadlines after Today, by Last
	// RedeemBy is the first day too late to redeem any voucher (the
	// program's last day to redeem, plus one).
	RedeemBy Date
	// RedeemedFrom and RedeemedTo bound the redemption days whose payment
	// window closes within the span.
	RedeemedFrom, RedeemedTo Date
}

// ReminderSpan is the span of a sweep on day today looking horizon days
// ahead.
func (p Policy) ReminderSpan(today Date, horizon int) ReminderSpan {
	last := today.AddDays(horizon)
	// The window's deadline is LastDayToRequestPayment(redeemed) + 1,
	// that is redeemed + PaymentWindowDays + 1.
	return ReminderSpan{Today: today, Last: last, RedeemBy: p.LastDayToRedeem.AddDays(1),
		RedeemedFrom: today.AddDays(-p.PaymentWindowDays - 1), RedeemedTo: last.AddDays(-p.PaymentWindowDays - 1)}
}

// VoucherDeadline is the deadline a kind of reminder speaks of for a
// voucher, as the first day too late, and whether the voucher is one the
// kind is about at all: an assigned voucher's expiry (benefit
// administrators), an unredeemed one's (its project manager), a reserved
// one's (its partner), the last day a reported one can be redeemed (its
// expiry or the program's last day to redeem, whichever comes first), and
// the close of a redeemed one's payment window (DOMAIN.md §5, §6).
func (p Policy) VoucherDeadline(kind ReminderKind, v Voucher) (Date, bool) {
	switch kind {
	case RemindAssignedExpiry:
		return v.ExpiresOn, v.State == Assigned
	case RemindVoucherExpiry:
		return v.ExpiresOn, v.State.Unredeemed()
	case RemindReservedExpiry:
		return v.ExpiresOn, v.State == Reserved
	case RemindRedeem:
		end := p.LastDayToRedeem.AddDays(1)
		if v.ExpiresOn.Before(end) {
			end = v.ExpiresOn
		}
		return end, v.State == Reported
	case RemindPaymentWindow:
		return p.LastDayToRequestPayment(v.RedeemedOn).AddDays(1), v.State == Redeemed && !v.PaymentWindowClosed && !v.RedeemedOn.IsZero()
	}
	return Date{}, false
}

// RemovalDeadline is the removal reminder's deadline for an enrollment:
// the removal day, if it still holds days that would be removed.
func (p Policy) RemovalDeadline(e Enrollment) (Date, bool) {
	return p.RemovalOn, !e.Removed && e.Balance > 0
}

// validateReminders checks the reminder days a global admin saves.
func (r ReminderDays) validate() error {
	for k, days := range r {
		if !KnownReminderKind(string(k)) {
			return Invalid("reminder_days", "Unknown reminder kind %q.", k)
		}
		if _, err := ParseReminderDays("reminder_"+string(k), FormatReminderDays(days)); err != nil {
			return err
		}
	}
	return nil
}

// DueReminder is one reminder due today about one voucher or one
// enrollment, for the people of OrgID that its kind's Audience names (or,
// for RemindVoucherExpiry, the voucher's project manager).
type DueReminder struct {
	Kind       ReminderKind
	OrgID      int64
	Voucher    Voucher    // zero for RemindRemoval
	Enrollment Enrollment // RemindRemoval only
	Deadline   Date       // the first day too late
	DaysBefore int        // the policy's threshold this reminder is
	DaysLeft   int        // days from today to Deadline
}

// LastDay is the last day the reminder's step can still be taken.
func (r DueReminder) LastDay() Date { return r.Deadline.AddDays(-1) }

// voucherKinds are the kinds that speak of a voucher.
var voucherKinds = []ReminderKind{RemindAssignedExpiry, RemindVoucherExpiry, RemindReservedExpiry, RemindRedeem, RemindPaymentWindow}

// DueReminders lists the reminders due on day today about the vouchers and
// enrollments given (each kind's deadline, ReminderDue's threshold). Whether
// one was already sent is the store's once-only record, not this.
func (p Policy) DueReminders(today Date, vouchers []Voucher, enrollments []Enrollment) []DueReminder {
	var out []DueReminder
	for _, e := range enrollments {
		if end, ok := p.RemovalDeadline(e); ok {
			if n, due := p.ReminderDue(RemindRemoval, end, today); due {
				out = append(out, DueReminder{Kind: RemindRemoval, OrgID: e.OrgID, Enrollment: e, Deadline: end,
					DaysBefore: n, DaysLeft: today.DaysUntil(end)})
			}
		}
	}
	for _, v := range vouchers {
		for _, k := range voucherKinds {
			end, ok := p.VoucherDeadline(k, v)
			if !ok {
				continue
			}
			n, due := p.ReminderDue(k, end, today)
			if !due {
				continue
			}
			out = append(out, DueReminder{Kind: k, OrgID: k.orgOf(v), Voucher: v, Deadline: end, DaysBefore: n, DaysLeft: today.DaysUntil(end)})
		}
	}
	return out
}

// ScheduledReminder is a reminder that will fall due on day On.
type ScheduledReminder struct {
	On Date
	DueReminder
}

// RemindersAhead lists the reminders that fall due from today through
// today + days, each on the first day it is due, if nothing changes until
// then (the admin console's "due next").
func (p Policy) RemindersAhead(today Date, days int, vouchers []Voucher, enrollments []Enrollment) []ScheduledReminder {
	type key struct {
		kind        ReminderKind
		voucher, en int64
		deadline    Date
		n           int
	}
	seen := map[key]bool{}
	var out []ScheduledReminder
	for d := today; !d.After(today.AddDays(days)); d = d.AddDays(1) {
		for _, r := range p.DueReminders(d, vouchers, enrollments) {
			k := key{r.Kind, r.Voucher.ID, r.Enrollment.ID, r.Deadline, r.DaysBefore}
			if !seen[k] {
				seen[k] = true
				out = append(out, ScheduledReminder{On: d, DueReminder: r})
			}
		}
	}
	return out
}

// DigestKind is the weekly digest a person may choose instead of single
// reminders.
const DigestKind ReminderKind = "digest"

// DigestDays is how far ahead a weekly digest looks.
const DigestDays = 30

// DigestWeekEnd is the first day after the week (Monday to Sunday) of day
// today: a digest is sent once per week, by the first sweep of the week
// that finds something due.
func DigestWeekEnd(today Date) Date {
	wd := int(today.Time().Weekday()+6) % 7 // Monday 0
	return today.AddDays(7 - wd)
}

// Upcoming lists every deadline of every reminder kind that falls within
// the next days days (today excluded, today + days included), for a digest.
func (p Policy) Upcoming(today Date, days int, vouchers []Voucher, enrollments []Enrollment) []DueReminder {
	var out []DueReminder
	within := func(end Date) bool { left := today.DaysUntil(end); return left > 0 && left <= days }
	for _, e := range enrollments {
		if end, ok := p.RemovalDeadline(e); ok && within(end) {
			out = append(out, DueReminder{Kind: RemindRemoval, OrgID: e.OrgID, Enrollment: e, Deadline: end, DaysLeft: today.DaysUntil(end)})
		}
	}
	for _, v := range vouchers {
		for _, k := range voucherKinds {
			if end, ok := p.VoucherDeadline(k, v); ok && within(end) {
				out = append(out, DueReminder{Kind: k, OrgID: k.orgOf(v), Voucher: v, Deadline: end, DaysLeft: today.DaysUntil(end)})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b DueReminder) int { return a.Deadline.Compare(b.Deadline) })
	return out
}

// orgOf is the organisation whose people a kind's reminder about v goes
// to: the partner's for reserved, reported and redeemed vouchers, else the
// customer's.
func (k ReminderKind) orgOf(v Voucher) int64 {
	if k == RemindReservedExpiry || k == RemindRedeem || k == RemindPaymentWindow {
		return v.PartnerOrgID
	}
	return v.CustomerOrgID
}
