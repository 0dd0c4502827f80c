DROP INDEX outbox_due_idx;
CREATE INDEX outbox_unsent_idx ON outbox (id) WHERE sent_at IS NULL;
ALTER TABLE outbox DROP COLUMN attempts, DROP COLUMN next_attempt_at, DROP COLUMN claimed_until, DROP COLUMN last_error;
DROP TABLE clock;
