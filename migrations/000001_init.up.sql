-- sapsportal schema. Tenancy is enforced twice: every query names its
-- organisation, and row-level security (keyed on the transaction-local
-- settings app.org_id / app.user_id / app.program / app.voucher_code) guards
-- every tenant table. The app connects with SET ROLE sapsportal_app, which
-- owns nothing and so is always subject to the policies.

DO $$
BEGIN
    CREATE ROLE sapsportal_app NOLOGIN;
EXCEPTION WHEN duplicate_object THEN
    NULL;
END
$$;
GRANT sapsportal_app TO CURRENT_USER;

CREATE FUNCTION app_org_id() RETURNS bigint LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('app.org_id', true), '')::bigint $$;
CREATE FUNCTION app_user_id() RETURNS bigint LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('app.user_id', true), '')::bigint $$;
-- The explicit, audited cross-tenant path of the program's global admins and
-- of the system's catch-up sweeps.
CREATE FUNCTION app_program() RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT coalesce(current_setting('app.program', true), '') = 'on' $$;
-- A partner validating a voucher sees exactly the voucher whose ID it typed.
CREATE FUNCTION app_voucher_code() RETURNS text LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('app.voucher_code', true), '') $$;

-- Identity ------------------------------------------------------------------

CREATE TABLE organisations (
    id           bigserial PRIMARY KEY,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind         text NOT NULL CHECK (kind IN ('customer', 'partner', 'program')),
    suspended_at timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organisations_name_idx ON organisations (lower(name), id);

CREATE TABLE users (
    id            bigserial PRIMARY KEY,
    email         text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
    name          text NOT NULL DEFAULT '',
    password_hash text NOT NULL DEFAULT '',
    language      text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE memberships (
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id     bigint NOT NULL REFERENCES organisations (id),
    role       text NOT NULL CHECK (role IN ('benefit_admin', 'project_manager',
                   'partner_global_admin', 'partner_admin', 'consultant', 'global_admin')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, org_id)
);
CREATE INDEX memberships_org_idx ON memberships (org_id, role);

-- scs sessions (pgxstore).
CREATE TABLE sessions (
    token  text PRIMARY KEY,
    data   bytea NOT NULL,
    expiry timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- Policy and catalogs (program data, readable by every tenant) --------------

CREATE TABLE policy (
    id                     int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    time_zone              text NOT NULL DEFAULT 'UTC',
    cloud_retired_from     date NOT NULL DEFAULT '2020-02-01',
    conversion_closed_from date NOT NULL DEFAULT '2020-02-01',
    accrual_closed_from    date NOT NULL DEFAULT '2021-02-01',
    last_day_to_create     date NOT NULL DEFAULT '2021-06-30',
    removal_on             date NOT NULL DEFAULT '2021-07-01',
    last_day_to_redeem     date NOT NULL DEFAULT '2022-01-01',
    validity_days          int  NOT NULL DEFAULT 180 CHECK (validity_days > 0),
    payment_window_days    int  NOT NULL DEFAULT 60 CHECK (payment_window_days >= 0),
    conversion_ratio_num   int  NOT NULL DEFAULT 1 CHECK (conversion_ratio_num > 0),
    conversion_ratio_den   int  NOT NULL DEFAULT 1 CHECK (conversion_ratio_den > 0),
    updated_at             timestamptz NOT NULL DEFAULT now()
);
INSERT INTO policy DEFAULT VALUES;

CREATE TABLE offerings (
    code  text PRIMARY KEY,
    name  text NOT NULL,
    cloud boolean NOT NULL DEFAULT false
);

CREATE TABLE competencies (
    id   bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE
);

CREATE TABLE engagement_types (
    id              bigserial PRIMARY KEY,
    offering_code   text NOT NULL REFERENCES offerings (code),
    name            text NOT NULL UNIQUE,
    allowed_lengths int[] NOT NULL DEFAULT '{1,3,5,10,15}'
                    CHECK (allowed_lengths <@ '{1,3,5,10,15}'::int[] AND cardinality(allowed_lengths) > 0),
    retired         boolean NOT NULL DEFAULT false
);

CREATE TABLE engagement_type_competencies (
    engagement_type_id bigint NOT NULL REFERENCES engagement_types (id),
    competency_id      bigint NOT NULL REFERENCES competencies (id),
    min_level          text NOT NULL CHECK (min_level IN ('silver', 'gold')),
    PRIMARY KEY (engagement_type_id, competency_id)
);

CREATE TABLE exams (
    id            bigserial PRIMARY KEY,
    code          text NOT NULL UNIQUE,
    name          text NOT NULL,
    competency_id bigint NOT NULL REFERENCES competencies (id)
);

CREATE TABLE payment_rates (
    id            bigserial PRIMARY KEY,
    country       char(2) NOT NULL,
    offering_code text REFERENCES offerings (code),
    currency      char(3) NOT NULL,
    amount_minor  bigint NOT NULL CHECK (amount_minor > 0),
    valid_from    date NOT NULL,
    valid_to      date,
    sample        boolean NOT NULL DEFAULT false,
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

-- Customers: SA enrollments and the days ledger ----------------------------

CREATE TABLE sa_enrollments (
    id               bigserial PRIMARY KEY,
    org_id           bigint NOT NULL REFERENCES organisations (id),
    agreement_number text NOT NULL UNIQUE,
    country          char(2) NOT NULL,
    sa_end_date      date NOT NULL,
    activated_at     timestamptz,
    activated_by     bigint REFERENCES users (id),
    -- Kept equal to the sum of the ledger by ledger_entries_apply; the CHECK
    -- is the database's own guarantee that a balance is never negative.
    balance          int NOT NULL DEFAULT 0 CHECK (balance >= 0),
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sa_enrollments_org_idx ON sa_enrollments (org_id, id);

CREATE TABLE vouchers (
    id                    bigserial PRIMARY KEY,
    code                  char(12) NOT NULL UNIQUE,
    org_id                bigint NOT NULL REFERENCES organisations (id), -- the customer
    enrollment_id         bigint NOT NULL REFERENCES sa_enrollments (id),
    country               char(2) NOT NULL,
    engagement_type_id    bigint NOT NULL REFERENCES engagement_types (id),
    days                  int NOT NULL CHECK (days IN (1, 3, 5, 10, 15)),
    project_manager_email text NOT NULL,
    state                 text NOT NULL CHECK (state IN ('ASSIGNED', 'RESERVED', 'REPORTED', 'REDEEMED',
                              'PAYMENT_REQUESTED', 'PAID', 'DENIED', 'EXPIRED', 'VOIDED')),
    created_on            date NOT NULL,
    expires_on            date NOT NULL CHECK (expires_on > created_on),
    partner_org_id        bigint REFERENCES organisations (id),
    redeemed_on           date,
    payment_window_closed boolean NOT NULL DEFAULT false,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    CHECK ((state IN ('ASSIGNED', 'EXPIRED', 'VOIDED')) OR partner_org_id IS NOT NULL)
);
CREATE INDEX vouchers_org_expiry_idx ON vouchers (org_id, expires_on, id);
CREATE INDEX vouchers_partner_idx ON vouchers (partner_org_id, expires_on, id) WHERE partner_org_id IS NOT NULL;
CREATE INDEX vouchers_due_idx ON vouchers (expires_on) WHERE state IN ('ASSIGNED', 'RESERVED', 'REPORTED');
CREATE INDEX vouchers_window_idx ON vouchers (redeemed_on) WHERE state = 'REDEEMED' AND NOT payment_window_closed;

CREATE TABLE ledger_entries (
    id            bigserial PRIMARY KEY,
    org_id        bigint NOT NULL REFERENCES organisations (id),
    enrollment_id bigint NOT NULL REFERENCES sa_enrollments (id),
    kind          text NOT NULL CHECK (kind IN ('accrual', 'training_conversion', 'voucher_created',
                      'voucher_voided', 'voucher_expired', 'retirement_removal')),
    days          int NOT NULL,
    effective_on  date NOT NULL,
    voucher_id    bigint REFERENCES vouchers (id),
    note          text NOT NULL DEFAULT '',
    actor_user_id bigint REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (CASE kind
        WHEN 'accrual' THEN days > 0
        WHEN 'training_conversion' THEN days > 0
        WHEN 'voucher_created' THEN days < 0 AND voucher_id IS NOT NULL
        WHEN 'voucher_voided' THEN days > 0 AND voucher_id IS NOT NULL
        WHEN 'voucher_expired' THEN days >= 0 AND voucher_id IS NOT NULL
        WHEN 'retirement_removal' THEN days <= 0
    END)
);
CREATE INDEX ledger_entries_enrollment_idx ON ledger_entries (enrollment_id, effective_on, id);
CREATE UNIQUE INDEX ledger_entries_removal_once ON ledger_entries (enrollment_id) WHERE kind = 'retirement_removal';
CREATE UNIQUE INDEX ledger_entries_voucher_once ON ledger_entries (voucher_id, kind) WHERE voucher_id IS NOT NULL;

CREATE FUNCTION ledger_entries_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE sa_enrollments SET balance = balance + NEW.days WHERE id = NEW.enrollment_id;
    RETURN NEW;
END
$$;
CREATE TRIGGER ledger_entries_apply AFTER INSERT ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_entries_apply();

-- Partners -------------------------------------------------------------------

CREATE TABLE partner_agreements (
    org_id       bigint PRIMARY KEY REFERENCES organisations (id),
    version      text NOT NULL,
    signer_name  text NOT NULL,
    signer_title text NOT NULL,
    signed_by    bigint REFERENCES users (id),
    signed_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE partner_enrollments (
    id            bigserial PRIMARY KEY,
    org_id        bigint NOT NULL REFERENCES organisations (id),
    offering_code text NOT NULL REFERENCES offerings (code),
    status        text NOT NULL CHECK (status IN ('requested', 'approved', 'rejected')),
    valid_from    date,
    valid_to      date,
    reason        text NOT NULL DEFAULT '',
    requested_at  timestamptz NOT NULL DEFAULT now(),
    decided_at    timestamptz,
    CHECK (status <> 'approved' OR (valid_from IS NOT NULL AND valid_to >= valid_from))
);
CREATE INDEX partner_enrollments_org_idx ON partner_enrollments (org_id, offering_code);

CREATE TABLE partner_competencies (
    id            bigserial PRIMARY KEY,
    org_id        bigint NOT NULL REFERENCES organisations (id),
    competency_id bigint NOT NULL REFERENCES competencies (id),
    level         text NOT NULL CHECK (level IN ('silver', 'gold')),
    valid_from    date NOT NULL,
    valid_to      date
);
CREATE INDEX partner_competencies_org_idx ON partner_competencies (org_id);

CREATE TABLE partner_locations (
    id      bigserial PRIMARY KEY,
    org_id  bigint NOT NULL REFERENCES organisations (id),
    name    text NOT NULL,
    country char(2) NOT NULL
);
CREATE INDEX partner_locations_org_idx ON partner_locations (org_id);

CREATE TABLE consultant_exams (
    id        bigserial PRIMARY KEY,
    org_id    bigint NOT NULL REFERENCES organisations (id),
    user_id   bigint NOT NULL REFERENCES users (id),
    exam_id   bigint NOT NULL REFERENCES exams (id),
    passed_on date NOT NULL,
    UNIQUE (org_id, user_id, exam_id)
);

CREATE TABLE payment_registrations (
    id                bigserial PRIMARY KEY,
    org_id            bigint NOT NULL REFERENCES organisations (id),
    location_id       bigint NOT NULL UNIQUE REFERENCES partner_locations (id),
    payee_name        text NOT NULL,
    payment_reference text NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now()
);

-- The voucher work. Rows carry both the partner and the customer so that each
-- side sees what concerns its voucher and nothing else. --------------------

CREATE TABLE reservations (
    id                  bigserial PRIMARY KEY,
    voucher_id          bigint NOT NULL REFERENCES vouchers (id),
    partner_org_id      bigint NOT NULL REFERENCES organisations (id),
    customer_org_id     bigint NOT NULL REFERENCES organisations (id),
    location_id         bigint NOT NULL REFERENCES partner_locations (id),
    start_on            date NOT NULL,
    end_on              date NOT NULL CHECK (end_on >= start_on),
    consultant_user_ids bigint[] NOT NULL DEFAULT '{}',
    terms_accepted_at   timestamptz NOT NULL,
    reserved_by         bigint REFERENCES users (id),
    reserved_at         timestamptz NOT NULL DEFAULT now(),
    cancelled_at        timestamptz,
    cancelled_by        bigint REFERENCES users (id)
);
-- One live reservation per voucher.
CREATE UNIQUE INDEX reservations_live_once ON reservations (voucher_id) WHERE cancelled_at IS NULL;

CREATE TABLE completion_reports (
    id                  bigserial PRIMARY KEY,
    voucher_id          bigint NOT NULL UNIQUE REFERENCES vouchers (id),
    reservation_id      bigint NOT NULL REFERENCES reservations (id),
    partner_org_id      bigint NOT NULL REFERENCES organisations (id),
    customer_org_id     bigint NOT NULL REFERENCES organisations (id),
    delivered_start     date NOT NULL,
    delivered_end       date NOT NULL CHECK (delivered_end >= delivered_start),
    consultant_user_ids bigint[] NOT NULL CHECK (cardinality(consultant_user_ids) > 0),
    summary             text NOT NULL CHECK (length(summary) > 0),
    next_steps          text NOT NULL DEFAULT '',
    reported_by         bigint REFERENCES users (id),
    reported_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE deliverables (
    id              bigserial PRIMARY KEY,
    report_id       bigint NOT NULL REFERENCES completion_reports (id),
    partner_org_id  bigint NOT NULL REFERENCES organisations (id),
    customer_org_id bigint NOT NULL REFERENCES organisations (id),
    filename        text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    content_type    text NOT NULL,
    content         bytea NOT NULL CHECK (octet_length(content) BETWEEN 1 AND 10485760),
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX deliverables_report_idx ON deliverables (report_id);

CREATE TABLE redemptions (
    voucher_id      bigint PRIMARY KEY REFERENCES vouchers (id),
    partner_org_id  bigint NOT NULL REFERENCES organisations (id),
    customer_org_id bigint NOT NULL REFERENCES organisations (id),
    redeemed_on     date NOT NULL,
    redeemed_by     bigint REFERENCES users (id),
    redeemed_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE payment_requests (
    id                bigserial PRIMARY KEY,
    voucher_id        bigint NOT NULL UNIQUE REFERENCES vouchers (id), -- one request per voucher
    partner_org_id    bigint NOT NULL REFERENCES organisations (id),
    customer_org_id   bigint NOT NULL REFERENCES organisations (id),
    location_id       bigint NOT NULL REFERENCES partner_locations (id),
    country           char(2) NOT NULL,
    days              int NOT NULL,
    rate_minor        bigint NOT NULL CHECK (rate_minor > 0),
    amount_minor      bigint NOT NULL CHECK (amount_minor = rate_minor * days),
    currency          char(3) NOT NULL,
    state             text NOT NULL CHECK (state IN ('requested', 'paid', 'denied')),
    payment_reference text NOT NULL DEFAULT '',
    deny_reason       text NOT NULL DEFAULT '',
    requested_on      date NOT NULL,
    requested_by      bigint REFERENCES users (id),
    requested_at      timestamptz NOT NULL DEFAULT now(),
    decided_by        bigint REFERENCES users (id),
    decided_at        timestamptz,
    CHECK (state <> 'paid' OR payment_reference <> ''),
    CHECK (state <> 'denied' OR deny_reason <> '')
);
CREATE INDEX payment_requests_partner_idx ON payment_requests (partner_org_id, id);
CREATE INDEX payment_requests_state_idx ON payment_requests (state, id);

-- What every change leaves behind -------------------------------------------

CREATE TABLE audit_events (
    id              bigserial PRIMARY KEY,
    org_id          bigint REFERENCES organisations (id), -- the acting tenant; NULL for the system
    actor_user_id   bigint REFERENCES users (id),
    actor           text NOT NULL, -- email, or "system"
    action          text NOT NULL,
    voucher_id      bigint REFERENCES vouchers (id),
    customer_org_id bigint REFERENCES organisations (id),
    partner_org_id  bigint REFERENCES organisations (id),
    before_state    text NOT NULL DEFAULT '',
    after_state     text NOT NULL DEFAULT '',
    details         jsonb NOT NULL DEFAULT '{}',
    request_id      text NOT NULL DEFAULT '',
    occurred_at     timestamptz NOT NULL
);
CREATE INDEX audit_events_voucher_idx ON audit_events (voucher_id, id) WHERE voucher_id IS NOT NULL;
CREATE INDEX audit_events_org_idx ON audit_events (org_id, id);
CREATE INDEX audit_events_action_idx ON audit_events (action, id);
-- Each system effect on a voucher happens once, even when two sweeps race.
CREATE UNIQUE INDEX audit_events_system_once ON audit_events (voucher_id, action)
    WHERE actor = 'system' AND voucher_id IS NOT NULL;

CREATE TABLE outbox (
    id         bigserial PRIMARY KEY,
    org_id     bigint REFERENCES organisations (id),
    to_email   text NOT NULL,
    subject    text NOT NULL,
    body       text NOT NULL,
    voucher_id bigint REFERENCES vouchers (id),
    created_at timestamptz NOT NULL,
    sent_at    timestamptz
);
CREATE INDEX outbox_unsent_idx ON outbox (id) WHERE sent_at IS NULL;

-- Row-level security ---------------------------------------------------------

GRANT USAGE ON SCHEMA public TO sapsportal_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO sapsportal_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO sapsportal_app;
-- The ledger and the audit log are append-only.
REVOKE UPDATE, DELETE ON ledger_entries, audit_events FROM sapsportal_app;

ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON memberships
    USING (org_id = app_org_id() OR user_id = app_user_id() OR app_program());

DO $$
DECLARE t text;
BEGIN
    -- Tables owned by exactly one tenant.
    FOREACH t IN ARRAY ARRAY['sa_enrollments', 'ledger_entries', 'partner_agreements',
        'partner_enrollments', 'partner_competencies', 'partner_locations',
        'consultant_exams', 'payment_registrations', 'outbox']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (org_id = app_org_id() OR app_program())', t);
    END LOOP;
    -- Tables shared by the customer and the partner of one voucher.
    FOREACH t IN ARRAY ARRAY['reservations', 'completion_reports', 'deliverables',
        'redemptions', 'payment_requests']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (partner_org_id = app_org_id()
            OR customer_org_id = app_org_id() OR app_program())', t);
    END LOOP;
END
$$;

ALTER TABLE vouchers ENABLE ROW LEVEL SECURITY;
ALTER TABLE vouchers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON vouchers
    USING (org_id = app_org_id() OR partner_org_id = app_org_id()
        OR code = app_voucher_code() OR app_program());

ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON audit_events
    USING (org_id = app_org_id() OR customer_org_id = app_org_id()
        OR partner_org_id = app_org_id() OR app_program());
