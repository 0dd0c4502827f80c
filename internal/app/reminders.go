package app

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"time"

	"sapsportal/internal/i18n"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// digestKind is the opt-out row that means "a weekly digest instead of
// single reminders".
const digestKind = "digest"

// SendReminders writes to the outbox every reminder due today that was not
// sent yet (issue 14), in the program scope: the domain says which are due
// (program.Policy.DueReminders), the once-only record of each
// (reminders_sent's unique index) is written with its outbox row, so
// several instances sweeping at once, or a sweep after a clock jump, send
// each reminder exactly once. People who turned a kind off, or chose the
// weekly digest, get none of that kind.
//
// The vouchers are read in batches of ReminderBatch, by id, each batch's
// reminders written in a transaction of its own, so that a program of a
// million vouchers is never held in memory at once (issue 11) and a sweep
// that stops part way leaves what it sent recorded. The digests, which
// gather each person's deadlines across every batch, are written last.
func (a *App) SendReminders(ctx context.Context) (int, error) {
	now := a.Clock.Now()
	sc := store.Scope{Program: true, RequestID: "reminders"}
	var (
		p           program.Policy
		today       program.Date
		span        program.ReminderSpan
		enrollments []program.Enrollment
		members     map[int64][]store.Recipient
		off         map[string]map[string]bool
		key         []byte
	)
	err := a.Store.Transact(ctx, sc, now, func(tx *store.Tx) error {
		var err error
		if p, err = tx.Policy(ctx); err != nil {
			return err
		}
		horizon := max(p.ReminderHorizon(), program.DigestDays)
		today = p.Today(now)
		span = p.ReminderSpan(today, horizon)
		enrollments = nil
		if today.Before(p.RemovalOn) && !today.Before(p.RemovalOn.AddDays(-horizon)) {
			if enrollments, err = tx.EnrollmentsWithDays(ctx); err != nil {
				return err
			}
		}
		if members, err = tx.ReminderMembers(ctx); err != nil {
			return err
		}
		if off, err = tx.ReminderOptOuts(ctx, ""); err != nil {
			return err
		}
		key, err = tx.SigningKey(ctx, "unsubscribe")
		return err
	})
	if err != nil {
		return 0, err
	}
	// The digests' deadlines are gathered only if someone chose a digest.
	digests := false
	for _, kinds := range off {
		digests = digests || kinds[digestKind]
	}
	sent := 0
	var upcoming []program.DueReminder
	for after, first := int64(0), true; ; first = false {
		var n, batchSent int
		var batchUpcoming []program.DueReminder
		err := a.Store.Transact(ctx, sc, now, func(tx *store.Tx) error {
			batchSent = 0
			vouchers, err := tx.ReminderVouchers(ctx, span, after, a.reminderBatch())
			if err != nil {
				return err
			}
			if n = len(vouchers); n > 0 {
				after = vouchers[n-1].ID
			}
			var ens []program.Enrollment
			if first {
				ens = enrollments
			}
			due := p.DueReminders(today, vouchers, ens)
			// Only what goes into someone's digest is kept for the digests:
			// at a million vouchers, every deadline of the week held until
			// the last batch was most of the sweep's memory.
			if digests {
				batchUpcoming = slices.DeleteFunc(p.Upcoming(today, program.DigestDays, vouchers, ens), func(r program.DueReminder) bool {
					return !inADigest(r, members, off)
				})
			}
			if len(due) == 0 {
				return nil
			}
			langs, err := tx.Languages(ctx, projectManagers(due))
			if err != nil {
				return err
			}
			for _, r := range due {
				for _, to := range recipients(r, members, langs) {
					if off[to.Email][string(r.Kind)] || off[to.Email][digestKind] {
						continue
					}
					fresh, err := tx.RecordReminder(ctx, store.SentReminder{OrgID: r.OrgID, Email: to.Email, Kind: r.Kind,
						VoucherID: r.Voucher.ID, EnrollmentID: r.Enrollment.ID, Deadline: r.Deadline, DaysBefore: r.DaysBefore, SentOn: today})
					if err != nil {
						return err
					}
					if !fresh {
						continue // sent before, by this instance or another
					}
					l := i18n.For(to.Language)
					subject, body := a.reminderText(l, p, r, to.Role)
					body += "\n--\n" + l.T("To stop reminders of this kind: %s\nTo choose which reminders you get: %s\n",
						a.unsubscribeURL(key, to.Email, r.Kind), a.BaseURL+"/account")
					if err := tx.Enqueue(ctx, store.Email{OrgID: r.OrgID, To: to.Email, Subject: subject, Body: body, VoucherID: r.Voucher.ID}); err != nil {
						return err
					}
					batchSent++
				}
			}
			return nil
		})
		if err != nil {
			return sent, err
		}
		sent += batchSent
		upcoming = append(upcoming, batchUpcoming...)
		if n < a.reminderBatch() {
			break
		}
	}
	if len(upcoming) > 0 {
		// In deadline order across the batches, as Upcoming orders one.
		slices.SortStableFunc(upcoming, func(a, b program.DueReminder) int { return a.Deadline.Compare(b.Deadline) })
		err = a.Store.Transact(ctx, sc, now, func(tx *store.Tx) error {
			langs, err := tx.Languages(ctx, projectManagers(upcoming))
			if err != nil {
				return err
			}
			n, err := a.sendDigests(ctx, tx, p, today, upcoming, members, langs, off)
			if err == nil {
				sent += n
			}
			return err
		})
	}
	if sent > 0 {
		a.Log.Info("reminders", "sent", sent)
	}
	return sent, err
}

// ReminderBatch is how many vouchers one transaction of the reminder sweep
// reads, unless App.ReminderBatch says otherwise.
const ReminderBatch = 5000

func (a *App) reminderBatch() int {
	if a.ReminderBatch > 0 {
		return a.ReminderBatch
	}
	return ReminderBatch
}

// projectManagers are the project managers the reminders of the voucher
// expiry kind go to.
func projectManagers(rs []program.DueReminder) []string {
	var pms []string
	for _, r := range rs {
		if r.Kind == program.RemindVoucherExpiry {
			pms = append(pms, r.Voucher.ProjectManagerEmail)
		}
	}
	return pms
}

// recipients is who gets a due reminder: the voucher's project manager, or
// the members of the reminder's organisation in its kind's audience.
func recipients(r program.DueReminder, members map[int64][]store.Recipient, langs map[string]string) []store.Recipient {
	if r.Kind == program.RemindVoucherExpiry {
		pm := r.Voucher.ProjectManagerEmail
		return []store.Recipient{{OrgID: r.OrgID, Role: program.ProjectManager, Email: pm, Language: langs[pm]}}
	}
	var out []store.Recipient
	seen := map[string]bool{}
	for _, m := range members[r.OrgID] {
		if seen[m.Email] {
			continue
		}
		for _, role := range r.Kind.Audience() {
			if m.Role == role {
				seen[m.Email] = true
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// reminderText is a reminder's subject and body in the recipient's
// language: what is due, its last day with the program's time zone, and
// the days left.
func (a *App) reminderText(l *i18n.Localizer, p program.Policy, r program.DueReminder, role program.Role) (subject, body string) {
	zone := p.ZoneName()
	last := l.DateZone(r.LastDay(), zone)
	v := r.Voucher
	id := v.Code.Display()
	customerLink := a.BaseURL + "/customer/vouchers/" + strconv.FormatInt(v.ID, 10)
	partnerLink := a.BaseURL + "/partner/vouchers/" + strconv.FormatInt(v.ID, 10)
	switch r.Kind {
	case program.RemindRemoval:
		e := r.Enrollment
		return l.T("%d unused Planning Services days will be removed on %s", e.Balance, l.Date(r.Deadline)),
			l.T("Enrollment %s still holds %d unused Planning Services days.\nOn %s every remaining day is removed. Days left: %d.\nThe last day to create vouchers is %s.\n\nYour days: %s\n",
				e.AgreementNumber, e.Balance, l.DateZone(r.Deadline, zone), r.DaysLeft, l.DateZone(p.LastDayToCreate, zone), a.BaseURL+"/customer/days")
	case program.RemindAssignedExpiry:
		return l.T("Voucher %s is not reserved and expires soon", id),
			l.T("Voucher %s (%s, %d days), assigned to %s, is not reserved by a partner yet.\nIts last valid day is %s. Days left: %d.\n\nDetails: %s\n",
				id, v.EngagementType.Name, v.Days, v.ProjectManagerEmail, last, r.DaysLeft, customerLink)
	case program.RemindVoucherExpiry:
		return l.T("Your voucher %s expires soon", id),
			l.T("Your Planning Services voucher %s (%s, %d days) is valid until %s. Days left: %d.\nIf the engagement is not delivered and redeemed by then, the voucher expires.\n\nYour vouchers: %s\n",
				id, v.EngagementType.Name, v.Days, last, r.DaysLeft, customerLink)
	case program.RemindReservedExpiry:
		return l.T("Reserved voucher %s expires soon", id),
			l.T("Voucher %s (%s, %d days), reserved by your organisation, is valid until %s. Days left: %d.\nDeliver, report and redeem it before then.\n\nDetails: %s\n",
				id, v.EngagementType.Name, v.Days, last, r.DaysLeft, partnerLink)
	case program.RemindRedeem:
		return l.T("Redeem voucher %s by %s", id, l.Date(r.LastDay())),
			l.T("Voucher %s (%s, %d days) is reported but not yet redeemed.\nThe last day to redeem it is %s. Days left: %d.\n\nDetails: %s\n",
				id, v.EngagementType.Name, v.Days, last, r.DaysLeft, partnerLink)
	}
	return l.T("Request payment for voucher %s by %s", id, l.Date(r.LastDay())),
		l.T("Voucher %s (%s, %d days) was redeemed on %s.\nThe last day to request payment is %s. Days left: %d.\n\nDetails: %s\n",
			id, v.EngagementType.Name, v.Days, l.Date(v.RedeemedOn), last, r.DaysLeft, partnerLink)
}

// unsubscribeSignature signs (email, kind) with the program's key: the
// unsubscribe link needs no sign-in, and cannot be made for anyone else.
func unsubscribeSignature(key []byte, email string, kind program.ReminderKind) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("unsubscribe\n" + email + "\n" + string(kind)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (a *App) unsubscribeURL(key []byte, email string, kind program.ReminderKind) string {
	return a.BaseURL + "/unsubscribe?" + url.Values{"email": {email}, "kind": {string(kind)},
		"sig": {unsubscribeSignature(key, email, kind)}}.Encode()
}

// ErrBadUnsubscribe is an unsubscribe link that was not made by the portal.
var ErrBadUnsubscribe = program.Invalid("sig", "This unsubscribe link is not valid. Choose which reminders you get on your account page.")

// UnsubscribeLink checks a link's signature without changing anything (the
// page that offers the one button).
func (a *App) UnsubscribeLink(ctx context.Context, email, kind, sig string) error {
	return a.unsubscribe(ctx, email, kind, sig, "", false)
}

// Unsubscribe turns one kind of reminder off for the person a signed link
// names, with its audit event; no sign-in is needed. Doing it twice is
// harmless.
func (a *App) Unsubscribe(ctx context.Context, email, kind, sig, requestID string) error {
	return a.unsubscribe(ctx, email, kind, sig, requestID, true)
}

func (a *App) unsubscribe(ctx context.Context, email, kind, sig, requestID string, write bool) error {
	if !program.KnownReminderKind(kind) || len(email) > 254 {
		return ErrBadUnsubscribe
	}
	return a.transact(ctx, store.Scope{Identity: true, RequestID: requestID}, func(tx *store.Tx, _ program.Policy) error {
		key, err := tx.SigningKey(ctx, "unsubscribe")
		if err != nil {
			return err
		}
		if !hmac.Equal([]byte(sig), []byte(unsubscribeSignature(key, email, program.ReminderKind(kind)))) {
			return ErrBadUnsubscribe
		}
		if !write {
			return nil
		}
		changed, err := tx.SetReminderOptOut(ctx, email, kind, true)
		if err != nil || !changed {
			return err
		}
		return tx.Audit(ctx, store.Actor{Email: email}, program.Event{Action: "reminders.unsubscribed",
			Details: map[string]any{"kind": kind}}, nil)
	})
}

// ReminderChoices is which reminders a person gets.
type ReminderChoices struct {
	Off    map[program.ReminderKind]bool
	Digest bool // a weekly digest instead of single reminders
	Feed   bool // the person has a calendar feed (read only)
}

// ReminderChoices reads the actor's choices.
func (a *App) ReminderChoices(ctx context.Context, actor Actor) (ReminderChoices, error) {
	c := ReminderChoices{Off: map[program.ReminderKind]bool{}}
	err := a.Store.Transact(ctx, personal(actor), a.Clock.Now(), func(tx *store.Tx) error {
		u, err := tx.LockUser(ctx, actor.UserID)
		if err != nil {
			return err
		}
		if c.Feed, err = tx.HasCalendarFeed(ctx, u.ID); err != nil {
			return err
		}
		off, err := tx.ReminderOptOuts(ctx, u.Email)
		for k := range off[u.Email] {
			if k == digestKind {
				c.Digest = true
			} else {
				c.Off[program.ReminderKind(k)] = true
			}
		}
		return err
	})
	return c, err
}

// SetReminderChoices saves which reminders the actor gets, audited as
// theirs.
func (a *App) SetReminderChoices(ctx context.Context, actor Actor, c ReminderChoices) error {
	return a.accountStep(ctx, actor, "reminders.chosen", func(tx *store.Tx, u store.User) (map[string]any, error) {
		details := map[string]any{"digest": c.Digest}
		kinds := append([]string{digestKind}, kindNames()...)
		for _, k := range kinds {
			off := c.Off[program.ReminderKind(k)]
			if k == digestKind {
				off = c.Digest
			} else {
				details[k] = !off
			}
			if _, err := tx.SetReminderOptOut(ctx, u.Email, k, off); err != nil {
				return nil, err
			}
		}
		return details, nil
	})
}

func kindNames() []string {
	out := make([]string, len(program.ReminderKinds))
	for i, k := range program.ReminderKinds {
		out[i] = string(k)
	}
	return out
}

// RunReminders sends the reminders due every interval until ctx ends.
func (a *App) RunReminders(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := a.SendReminders(ctx); err != nil && !errors.Is(err, context.Canceled) {
			a.Log.Error("reminders failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RemindersConsole is the admin console's page of reminders: the latest
// sent, and those due in the next days.
type RemindersConsole struct {
	Policy program.Policy
	Today  program.Date
	Sent   []store.SentReminder
	Next   []program.ScheduledReminder
}

// ReminderConsoleDays is how far ahead the console looks.
const ReminderConsoleDays = 14

// Reminders reads the console's page of reminders.
func (a *App) Reminders(ctx context.Context, actor Actor) (RemindersConsole, error) {
	var c RemindersConsole
	err := a.adminRead(ctx, actor, func(tx *store.Tx, p program.Policy) error {
		c.Policy, c.Today = p, p.Today(tx.Now)
		var err error
		if c.Sent, err = tx.SentReminders(ctx, 100); err != nil {
			return err
		}
		horizon := p.ReminderHorizon() + ReminderConsoleDays
		vouchers, err := tx.ReminderVouchers(ctx, p.ReminderSpan(c.Today, horizon), 0, 0)
		if err != nil {
			return err
		}
		ens, err := tx.EnrollmentsWithDays(ctx)
		if err != nil {
			return err
		}
		sent, err := tx.SentReminderKeys(ctx, c.Today)
		for _, r := range p.RemindersAhead(c.Today, ReminderConsoleDays, vouchers, ens) {
			k := string(r.Kind) + " " + strconv.FormatInt(r.Voucher.ID, 10) + " " + strconv.FormatInt(r.Enrollment.ID, 10) + " " +
				r.Deadline.String() + " " + strconv.Itoa(r.DaysBefore)
			if !sent[k] {
				c.Next = append(c.Next, r)
			}
		}
		return err
	})
	return c, err
}

// inADigest reports whether one of the people a reminder goes to chose the
// weekly digest and did not turn its kind off.
func inADigest(r program.DueReminder, members map[int64][]store.Recipient, off map[string]map[string]bool) bool {
	for _, to := range recipients(r, members, nil) {
		if off[to.Email][digestKind] && !off[to.Email][string(r.Kind)] {
			return true
		}
	}
	return false
}

// sendDigests writes this week's digest to each person who chose one and
// has something falling due within program.DigestDays (kinds they turned
// off left out), once per week across instances and clock jumps.
func (a *App) sendDigests(ctx context.Context, tx *store.Tx, p program.Policy, today program.Date, upcoming []program.DueReminder,
	members map[int64][]store.Recipient, langs map[string]string, off map[string]map[string]bool) (int, error) {
	type digest struct {
		to    store.Recipient
		items []program.DueReminder
	}
	var order []string
	byEmail := map[string]*digest{}
	for _, r := range upcoming {
		for _, to := range recipients(r, members, langs) {
			if !off[to.Email][digestKind] || off[to.Email][string(r.Kind)] {
				continue
			}
			if byEmail[to.Email] == nil {
				byEmail[to.Email] = &digest{to: to}
				order = append(order, to.Email)
			}
			byEmail[to.Email].items = append(byEmail[to.Email].items, r)
		}
	}
	sent := 0
	end := program.DigestWeekEnd(today)
	for _, email := range order {
		d := byEmail[email]
		fresh, err := tx.RecordReminder(ctx, store.SentReminder{OrgID: d.to.OrgID, Email: email, Kind: program.DigestKind,
			Deadline: end, DaysBefore: 7, SentOn: today}) // one per week: the key is the week's end
		if err != nil {
			return sent, err
		}
		if !fresh {
			continue
		}
		l := i18n.For(d.to.Language)
		body := l.T("What falls due in the next %d days (dates in %s):\n\n", program.DigestDays, p.ZoneName())
		for _, r := range d.items {
			subject, _ := a.reminderText(l, p, r, d.to.Role)
			body += l.T("- %s. Last day: %s. Days left: %d.\n", subject, l.Date(r.LastDay()), r.DaysLeft)
		}
		body += "\n--\n" + l.T("To choose which reminders you get, or single reminders instead of this digest: %s\n", a.BaseURL+"/account")
		if err := tx.Enqueue(ctx, store.Email{OrgID: d.to.OrgID, To: email,
			Subject: l.T("Your Planning Services deadlines for the next %d days", program.DigestDays), Body: body}); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}
