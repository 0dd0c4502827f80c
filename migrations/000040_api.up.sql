-- The JSON API (issue 13): personal API tokens and idempotent POSTs.

-- A person's API tokens: each acts for one organisation with the person's
-- role there (read live at every use), may be read-only, and expires. Only
-- the token's SHA-256 is kept; the token itself is shown once.
CREATE TABLE api_tokens (
    id           bigserial PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    org_id       bigint NOT NULL REFERENCES organisations (id),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_hash   bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    read_only    boolean NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL CHECK (expires_at > created_at),
    revoked_at   timestamptz,
    last_used_at timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id, id);
CREATE INDEX api_tokens_org_idx ON api_tokens (org_id);
ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_tokens FORCE ROW LEVEL SECURITY;
-- A person sees and changes only their own tokens; a request bearing a
-- token finds it by its hash (identity) before anyone is known.
CREATE POLICY self ON api_tokens USING (user_id = (SELECT app_user_id()));
CREATE POLICY identity ON api_tokens FOR SELECT USING ((SELECT app_identity()));
GRANT SELECT, INSERT, UPDATE ON api_tokens TO sapsportal_app;
GRANT USAGE, SELECT ON SEQUENCE api_tokens_id_seq TO sapsportal_app;

-- An API request's Idempotency-Key shares the forms' one-time keys: the
-- key (hashed with its token) is written in the transaction of the change,
-- with the hash of the request it came with; the first answer is kept
-- whole to be sent again.
ALTER TABLE submissions
    ADD COLUMN request_hash bytea CHECK (length(request_hash) = 32),
    ADD COLUMN outcome_type text NOT NULL DEFAULT '' CHECK (length(outcome_type) <= 200),
    ADD COLUMN outcome_body bytea CHECK (length(outcome_body) <= 1048576);
