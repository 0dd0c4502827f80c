-- One 15-day engagement per engagement type per customer (DOMAIN.md §9,
-- issue 18 item 3): the benefit administrator's statement that a second
-- 15-day voucher of a type is for another division or legal entity, or for
-- other products, kept with that voucher.
CREATE TABLE second_engagement_statements (
    voucher_id bigint PRIMARY KEY REFERENCES vouchers (id),
    org_id     bigint NOT NULL REFERENCES organisations (id),
    reason     text NOT NULL CHECK (reason IN ('other_entity', 'other_products')),
    note       text NOT NULL CHECK (char_length(note) BETWEEN 10 AND 1000),
    stated_by  bigint REFERENCES users (id),
    created_at timestamptz NOT NULL
);
CREATE INDEX second_engagement_statements_org_idx ON second_engagement_statements (org_id);
CREATE INDEX second_engagement_statements_user_idx ON second_engagement_statements (stated_by);
ALTER TABLE second_engagement_statements ENABLE ROW LEVEL SECURITY;
ALTER TABLE second_engagement_statements FORCE ROW LEVEL SECURITY;
-- The customer that stated it, the program, and whoever may see the voucher
-- (its partner, a partner validating it by its ID): the voucher's own
-- policies decide the last.
CREATE POLICY customer ON second_engagement_statements USING (org_id = (SELECT app_org_id()));
CREATE POLICY program ON second_engagement_statements USING ((SELECT app_program()));
CREATE POLICY voucher_visible ON second_engagement_statements FOR SELECT
    USING (EXISTS (SELECT 1 FROM vouchers v WHERE v.id = second_engagement_statements.voucher_id));
GRANT SELECT, INSERT ON second_engagement_statements TO sapsportal_app;

-- The rule's count: a customer's live 15-day vouchers of a type.
CREATE INDEX vouchers_org_type_fifteen_idx ON vouchers (org_id, engagement_type_id)
    WHERE days = 15 AND state NOT IN ('VOIDED', 'EXPIRED');
