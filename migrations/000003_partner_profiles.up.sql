-- Partner business profiles, published to the customers' partner directory.
-- A published profile is readable by every tenant; only its partner edits it.
CREATE TABLE partner_profiles (
    org_id             bigint PRIMARY KEY REFERENCES organisations (id),
    description        text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    offerings          text[] NOT NULL DEFAULT '{}',
    countries          text[] NOT NULL DEFAULT '{}',
    contact_email      text NOT NULL DEFAULT '',
    website            text NOT NULL DEFAULT '',
    -- The engagement types the partner was eligible for when it last saved
    -- or published, and on which day: customers cannot read a partner's
    -- enrollments and competencies, so the directory searches this snapshot.
    eligible_type_ids  bigint[] NOT NULL DEFAULT '{}',
    eligibility_on     date,
    published          boolean NOT NULL DEFAULT false,
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX partner_profiles_published_idx ON partner_profiles (published) WHERE published;

GRANT SELECT, INSERT, UPDATE, DELETE ON partner_profiles TO sapsportal_app;
ALTER TABLE partner_profiles ENABLE ROW LEVEL SECURITY;
ALTER TABLE partner_profiles FORCE ROW LEVEL SECURITY;
CREATE POLICY published_read ON partner_profiles FOR SELECT USING (published);
CREATE POLICY tenant ON partner_profiles USING (org_id = app_org_id() OR app_program());
