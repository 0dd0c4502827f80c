-- Forms that are safe to send twice (issue 19): each state-changing form
-- carries a one-time key; the key is written in the transaction of the
-- change it made, so a second submission — a double click, a retry after
-- the database failed over mid-request — is recognised and changes
-- nothing. The outcome (where the first answer sent the person) is kept
-- to answer the same again.
CREATE TABLE submissions (
    key              text PRIMARY KEY CHECK (length(key) BETWEEN 16 AND 64),
    created_at       timestamptz NOT NULL DEFAULT now(),
    outcome_status   int,
    outcome_location text NOT NULL DEFAULT '' CHECK (length(outcome_location) <= 2000)
);
CREATE INDEX submissions_created_idx ON submissions (created_at);
GRANT SELECT, INSERT, UPDATE, DELETE ON submissions TO sapsportal_app;
