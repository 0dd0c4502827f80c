DROP INDEX sessions_user_idx;
ALTER TABLE sessions DROP COLUMN ended_at, DROP COLUMN last_seen_at, DROP COLUMN signed_in_at, DROP COLUMN user_agent, DROP COLUMN user_id;
DROP POLICY personal ON outbox;
DROP POLICY personal ON audit_events;
DROP TABLE password_resets;
DROP POLICY joined_by_invitation ON memberships;
DROP FUNCTION invitation_accepted(bigint, bigint, text);
DROP TABLE invitations;
ALTER TABLE users DROP CONSTRAINT users_language_known, DROP CONSTRAINT users_name_length;
