-- State that several portal instances share (issue 15).

-- The simulated clock of a demo or test deployment: how far it runs ahead
-- of real time. One row; moving it in one instance moves it in all.
CREATE TABLE clock (
    id         int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    offset_us  bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT, UPDATE ON clock TO sapsportal_app;

-- Sending the outbox: an instance claims a batch for a while, sends it
-- outside any transaction, and marks each email sent, or due again later
-- with a growing wait after a failure.
ALTER TABLE outbox ADD COLUMN attempts int NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT '-infinity',
    ADD COLUMN claimed_until timestamptz NOT NULL DEFAULT '-infinity',
    ADD COLUMN last_error text NOT NULL DEFAULT '';
DROP INDEX outbox_unsent_idx;
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at, id) WHERE sent_at IS NULL;
