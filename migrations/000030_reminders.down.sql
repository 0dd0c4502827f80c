DROP TABLE calendar_feeds;
DROP TABLE reminders_sent;
DROP TABLE reminder_optouts;
DROP TABLE signing_keys;
ALTER TABLE policy DROP COLUMN reminder_days;
