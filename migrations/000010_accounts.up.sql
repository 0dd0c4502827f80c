-- People and accounts (issue 12): invitations, password resets, and which
-- person each sign-in session belongs to.
--
-- A person joins an organisation only by accepting an invitation (issue 10,
-- item 3): the database refuses any other membership outside the program
-- scope (the demo's seed and the program's own set-up).

-- A person's name is bounded like every name; their language is one the
-- portal speaks (or none chosen yet).
ALTER TABLE users ADD CONSTRAINT users_name_length CHECK (length(name) <= 200),
    ADD CONSTRAINT users_language_known CHECK (language IN ('', 'en', 'fr'));

-- Invitations ----------------------------------------------------------------

-- Links are single-use and stored only as the SHA-256 of their token.
CREATE TABLE invitations (
    id          bigserial PRIMARY KEY,
    org_id      bigint NOT NULL REFERENCES organisations (id),
    email       text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%' AND length(email) <= 254),
    role        text NOT NULL CHECK (role IN ('benefit_admin', 'project_manager',
                    'partner_global_admin', 'partner_admin', 'consultant', 'global_admin')),
    token_hash  bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    invited_by  bigint REFERENCES users (id),
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    accepted_at timestamptz,
    accepted_by bigint REFERENCES users (id),
    declined_at timestamptz,
    revoked_at  timestamptz,
    CHECK (num_nonnulls(accepted_at, declined_at, revoked_at) <= 1),
    CHECK ((accepted_at IS NULL) = (accepted_by IS NULL))
);
-- One open invitation per person and organisation: inviting again renews it.
CREATE UNIQUE INDEX invitations_open_key ON invitations (org_id, email)
    WHERE accepted_at IS NULL AND declined_at IS NULL AND revoked_at IS NULL;
CREATE INDEX invitations_org_idx ON invitations (org_id, id);
CREATE INDEX invitations_email_idx ON invitations (email);
-- What the membership policy below looks for.
CREATE INDEX invitations_accepted_idx ON invitations (org_id, accepted_by) WHERE accepted_at IS NOT NULL;

ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
-- The inviting organisation, the program, the identity scope (a link's token
-- before anyone is signed in) and the person invited, each a path of its own.
CREATE POLICY tenant ON invitations USING (org_id = (SELECT app_org_id()));
CREATE POLICY program ON invitations USING ((SELECT app_program()));
CREATE POLICY identity ON invitations USING ((SELECT app_identity()));
CREATE POLICY invitee ON invitations FOR SELECT
    USING (email = (SELECT u.email FROM users u WHERE u.id = (SELECT app_user_id())));
GRANT SELECT, INSERT, UPDATE ON invitations TO sapsportal_app;
GRANT USAGE, SELECT ON SEQUENCE invitations_id_seq TO sapsportal_app;

-- A membership is created by accepting an invitation for exactly that
-- person, organisation and role, or in the program scope; never otherwise
-- (restrictive: it narrows the tenant policy of 000001). The check is a
-- function so that the policies of invitations (whose invitee path reads
-- users, whose policies read memberships) are not expanded into this one's.
CREATE FUNCTION invitation_accepted(org bigint, person bigint, r text) RETURNS boolean
    LANGUAGE sql STABLE AS
$$ SELECT EXISTS (SELECT 1 FROM invitations i WHERE i.org_id = org AND i.accepted_by = person
       AND i.role = r AND i.accepted_at IS NOT NULL) $$;
CREATE POLICY joined_by_invitation ON memberships AS RESTRICTIVE FOR INSERT
    WITH CHECK (app_program() OR invitation_accepted(org_id, user_id, role));

-- Password resets --------------------------------------------------------------

CREATE TABLE password_resets (
    id         bigserial PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id, id);

ALTER TABLE password_resets ENABLE ROW LEVEL SECURITY;
ALTER TABLE password_resets FORCE ROW LEVEL SECURITY;
CREATE POLICY self ON password_resets USING (user_id = (SELECT app_user_id()));
CREATE POLICY program ON password_resets USING ((SELECT app_program()));
CREATE POLICY identity ON password_resets USING ((SELECT app_identity()));
GRANT SELECT, INSERT, UPDATE ON password_resets TO sapsportal_app;
GRANT USAGE, SELECT ON SEQUENCE password_resets_id_seq TO sapsportal_app;

-- A person's own events and emails (a password changed, a reset asked for)
-- belong to no organisation: they may be written by the person themselves
-- or in the identity scope, and read in the program scope.
CREATE POLICY personal ON audit_events FOR INSERT
    WITH CHECK (org_id IS NULL AND ((SELECT app_identity()) OR actor_user_id = (SELECT app_user_id())));
CREATE POLICY personal ON outbox FOR INSERT
    WITH CHECK (org_id IS NULL AND ((SELECT app_identity()) OR (SELECT app_user_id()) IS NOT NULL));

-- Sessions ----------------------------------------------------------------------

-- Whose session each is, written by the session store from the session's
-- own data, so that a person can list theirs and end the others, and a
-- password reset can end them all. The session store works before any
-- scope is known; the portal reads these rows only for the signed-in user.
-- A session ended by its person ("sign out everywhere else", a password
-- reset) is kept, ended, until its expiry: a request of it still in flight
-- cannot write it back.
ALTER TABLE sessions
    ADD COLUMN user_id      bigint,
    ADD COLUMN user_agent   text NOT NULL DEFAULT '',
    ADD COLUMN signed_in_at timestamptz,
    ADD COLUMN last_seen_at timestamptz,
    ADD COLUMN ended_at     timestamptz;
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE user_id IS NOT NULL;
