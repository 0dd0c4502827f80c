-- Payment registration per program (DOMAIN.md §9, issue 18 item 5).
--
-- Until now a partner was "registered for payment" by giving a payee (name
-- and account reference) for a location: payment_registrations. Those rows
-- stay what they are, the payees per location, untouched. What is new is the
-- registration itself, once per offering (voucher program), by the partner
-- global admin, possible only once the partner has redeemed a voucher of that
-- offering: payment_offering_registrations.

CREATE TABLE payment_offering_registrations (
    id            bigserial PRIMARY KEY,
    org_id        bigint NOT NULL REFERENCES organisations (id),
    offering_code text NOT NULL REFERENCES offerings (code),
    registered_by bigint REFERENCES users (id),
    registered_at timestamptz NOT NULL DEFAULT now(),
    -- Once per offering: a second attempt (two admins at once) is refused.
    UNIQUE (org_id, offering_code)
);
CREATE INDEX payment_offering_registrations_offering_idx ON payment_offering_registrations (offering_code);
CREATE INDEX payment_offering_registrations_user_idx ON payment_offering_registrations (registered_by);

GRANT SELECT, INSERT ON payment_offering_registrations TO sapsportal_app;
GRANT USAGE, SELECT ON SEQUENCE payment_offering_registrations_id_seq TO sapsportal_app;
ALTER TABLE payment_offering_registrations ENABLE ROW LEVEL SECURITY;
ALTER TABLE payment_offering_registrations FORCE ROW LEVEL SECURITY;
-- One permissive policy per access path (see 000020): the partner's own rows
-- (index: the unique key leads with org_id), and the program's.
CREATE POLICY tenant ON payment_offering_registrations USING (org_id = app_org_id());
CREATE POLICY program ON payment_offering_registrations USING (app_program());

-- The payees' text is length-limited like every other field (the app checks
-- program.MaxName and MaxReference first; this is the database's net).
-- NOT VALID: the rule binds every new or changed row without refusing the
-- migration over an old one.
ALTER TABLE payment_registrations
    ADD CONSTRAINT payment_registrations_payee_length CHECK (length(payee_name) BETWEEN 1 AND 200) NOT VALID,
    ADD CONSTRAINT payment_registrations_reference_length CHECK (length(payment_reference) BETWEEN 1 AND 100) NOT VALID;

-- The existing registrations move to the new model. A partner that had given
-- payee details was registered for payment for everything it had redeemed:
-- it becomes registered for each offering of which it has redeemed a voucher
-- (every voucher awaiting a payment request today keeps being payable, and
-- every registration created is one the new rule would have allowed). A
-- partner with payees but no redemption yet keeps its payees and registers
-- per offering once it redeems, as the rule says: it had nothing to be paid
-- for, so it loses nothing. "Every offering it is enrolled in" was the other
-- choice; it would register partners for programs they never delivered,
-- which the new rule forbids.
INSERT INTO payment_offering_registrations (org_id, offering_code, registered_by, registered_at)
SELECT r.partner_org_id, et.offering_code, NULL, min(pr.created_at)
FROM redemptions r
JOIN vouchers v ON v.id = r.voucher_id
JOIN engagement_types et ON et.id = v.engagement_type_id
JOIN payment_registrations pr ON pr.org_id = r.partner_org_id
GROUP BY r.partner_org_id, et.offering_code
ON CONFLICT (org_id, offering_code) DO NOTHING;

-- Once the program is closed (000050), registrations no longer change.
CREATE TRIGGER program_closed_guard BEFORE INSERT OR UPDATE OR DELETE ON payment_offering_registrations
    FOR EACH STATEMENT EXECUTE FUNCTION program_closed_guard();
