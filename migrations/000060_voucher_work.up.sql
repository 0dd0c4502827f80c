-- The partner's work on a voucher as the program's own systems ran it
-- (DOMAIN.md §9): a reason for each cancelled reservation, the history of a
-- reservation's planned dates, and a type for each deliverable.

-- Cancel with a reason: kept on the cancelled reservation, which both
-- sides see on the voucher's page. Reservations cancelled before this
-- migration keep no reason (NULL).
ALTER TABLE reservations
    ADD COLUMN cancel_reason text CHECK (cancel_reason IN
        ('offering_changed', 'not_taking_place', 'other_partner', 'other')),
    ADD COLUMN cancel_note text NOT NULL DEFAULT '' CHECK (length(cancel_note) <= 1000),
    ADD CHECK (cancel_reason IS NULL OR cancelled_at IS NOT NULL),
    ADD CHECK (cancel_reason IS DISTINCT FROM 'other' OR length(btrim(cancel_note)) > 0);

-- Reschedule: every change of a live reservation's planned dates or
-- consultants, before → after. The reservation row holds the current plan.
CREATE TABLE reservation_changes (
    id               bigserial PRIMARY KEY,
    reservation_id   bigint NOT NULL REFERENCES reservations (id),
    voucher_id       bigint NOT NULL REFERENCES vouchers (id),
    partner_org_id   bigint NOT NULL REFERENCES organisations (id),
    customer_org_id  bigint NOT NULL REFERENCES organisations (id),
    from_start       date NOT NULL,
    from_end         date NOT NULL CHECK (from_end >= from_start),
    to_start         date NOT NULL,
    to_end           date NOT NULL CHECK (to_end >= to_start),
    from_consultants bigint[] NOT NULL DEFAULT '{}',
    to_consultants   bigint[] NOT NULL DEFAULT '{}',
    changed_by       bigint REFERENCES users (id),
    changed_at       timestamptz NOT NULL
);
CREATE INDEX reservation_changes_voucher_idx ON reservation_changes (voucher_id, changed_at, id);
CREATE INDEX reservation_changes_reservation_idx ON reservation_changes (reservation_id);
CREATE INDEX reservation_changes_partner_idx ON reservation_changes (partner_org_id);
CREATE INDEX reservation_changes_customer_idx ON reservation_changes (customer_org_id);
CREATE INDEX reservation_changes_changed_by_idx ON reservation_changes (changed_by) WHERE changed_by IS NOT NULL;
ALTER TABLE reservation_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE reservation_changes FORCE ROW LEVEL SECURITY;
CREATE POLICY customer ON reservation_changes USING (customer_org_id = (SELECT app_org_id()));
CREATE POLICY partner ON reservation_changes USING (partner_org_id = (SELECT app_org_id()));
CREATE POLICY program ON reservation_changes USING ((SELECT app_program()));
GRANT SELECT, INSERT ON reservation_changes TO sapsportal_app;
GRANT USAGE, SELECT ON SEQUENCE reservation_changes_id_seq TO sapsportal_app;

-- Deliverable types. Files stored before types existed get the plan their
-- engagement type names (an upgrade, a migration), a deployment plan
-- otherwise; no row is dropped. New files must name their type.
ALTER TABLE deliverables ADD COLUMN kind text NOT NULL DEFAULT 'deployment_plan' CHECK (kind IN
    ('deployment_plan', 'upgrade_plan', 'migration_plan', 'vision_scope', 'planning_tool_output', 'proof_of_concept'));
UPDATE deliverables d SET kind = CASE
        WHEN et.name ILIKE '%upgrad%' THEN 'upgrade_plan'
        WHEN et.name ILIKE '%migrat%' THEN 'migration_plan'
        ELSE 'deployment_plan' END
    FROM completion_reports cr JOIN vouchers v ON v.id = cr.voucher_id
    JOIN engagement_types et ON et.id = v.engagement_type_id
    WHERE cr.id = d.report_id;
ALTER TABLE deliverables ALTER COLUMN kind DROP DEFAULT;
