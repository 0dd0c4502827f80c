-- Reminders, the calendar feed and the public schedule (issue 14).

-- How many days before each deadline a reminder goes out: program policy,
-- edited by global admins beside the schedule. Keys are
-- program.ReminderKind; each value a list of whole days.
ALTER TABLE policy ADD COLUMN reminder_days jsonb NOT NULL DEFAULT
    '{"removal": [30, 7, 1], "assigned_expiry": [30, 7], "voucher_expiry": [30, 7, 1],
      "reserved_expiry": [30, 7], "redeem": [30, 7], "payment_window": [14, 3]}'
    CHECK (jsonb_typeof(reminder_days) = 'object');

-- The program's own secrets (the key that signs unsubscribe links). Made
-- here from PostgreSQL's strong random source, never shown.
CREATE TABLE signing_keys (
    name text PRIMARY KEY,
    key  bytea NOT NULL CHECK (length(key) >= 32)
);
INSERT INTO signing_keys (name, key) VALUES ('unsubscribe',
    decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
GRANT SELECT ON signing_keys TO sapsportal_app;

-- A person's reminder choices, by email: a project manager need not have an
-- account to unsubscribe. digest: one weekly email instead of single
-- reminders.
CREATE TABLE reminder_optouts (
    email      text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
    kind       text NOT NULL CHECK (kind IN ('removal', 'assigned_expiry', 'voucher_expiry',
                   'reserved_expiry', 'redeem', 'payment_window', 'digest')),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (email, kind)
);
ALTER TABLE reminder_optouts ENABLE ROW LEVEL SECURITY;
ALTER TABLE reminder_optouts FORCE ROW LEVEL SECURITY;
-- The person themselves, the sweeps (program) and a signed link (identity).
CREATE POLICY self ON reminder_optouts
    USING (email = (SELECT u.email FROM users u WHERE u.id = (SELECT app_user_id())));
CREATE POLICY program ON reminder_optouts USING ((SELECT app_program()));
CREATE POLICY identity ON reminder_optouts USING ((SELECT app_identity()));
GRANT SELECT, INSERT, DELETE ON reminder_optouts TO sapsportal_app;

-- Every reminder sent, once: the unique index is what makes it once across
-- instances and clock jumps, written in the transaction of its outbox row.
-- deadline is the first day it is too late (the removal day, the expiry,
-- the day after a last day); days_before is the policy's threshold.
CREATE TABLE reminders_sent (
    id            bigserial PRIMARY KEY,
    org_id        bigint NOT NULL REFERENCES organisations (id), -- the recipient's organisation
    email         text NOT NULL,
    kind          text NOT NULL,
    voucher_id    bigint REFERENCES vouchers (id),
    enrollment_id bigint REFERENCES sa_enrollments (id),
    deadline      date NOT NULL,
    days_before   int NOT NULL CHECK (days_before >= 0),
    sent_on       date NOT NULL CHECK (sent_on < deadline),
    created_at    timestamptz NOT NULL,
    -- A weekly digest (kind 'digest', deadline the end of its week) is about
    -- no one thing; every other reminder about exactly one.
    CHECK (num_nonnulls(voucher_id, enrollment_id) = CASE WHEN kind = 'digest' THEN 0 ELSE 1 END)
);
CREATE UNIQUE INDEX reminders_sent_once ON reminders_sent
    (email, kind, coalesce(voucher_id, 0), coalesce(enrollment_id, 0), deadline, days_before);
CREATE INDEX reminders_sent_org_idx ON reminders_sent (org_id, id);
CREATE INDEX reminders_sent_voucher_idx ON reminders_sent (voucher_id) WHERE voucher_id IS NOT NULL;
CREATE INDEX reminders_sent_enrollment_idx ON reminders_sent (enrollment_id) WHERE enrollment_id IS NOT NULL;
ALTER TABLE reminders_sent ENABLE ROW LEVEL SECURITY;
ALTER TABLE reminders_sent FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON reminders_sent USING (org_id = (SELECT app_org_id()));
CREATE POLICY program ON reminders_sent USING ((SELECT app_program()));
GRANT SELECT, INSERT ON reminders_sent TO sapsportal_app;
GRANT USAGE, SELECT ON SEQUENCE reminders_sent_id_seq TO sapsportal_app;

-- Calendar feeds: one private URL per person, its token stored only as its
-- SHA-256; revoking ends it, a new one replaces it.
CREATE TABLE calendar_feeds (
    user_id    bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at timestamptz NOT NULL
);
ALTER TABLE calendar_feeds ENABLE ROW LEVEL SECURITY;
ALTER TABLE calendar_feeds FORCE ROW LEVEL SECURITY;
CREATE POLICY self ON calendar_feeds USING (user_id = (SELECT app_user_id()));
CREATE POLICY identity ON calendar_feeds FOR SELECT USING ((SELECT app_identity()));
CREATE POLICY program ON calendar_feeds USING ((SELECT app_program()));
GRANT SELECT, INSERT, UPDATE, DELETE ON calendar_feeds TO sapsportal_app;
