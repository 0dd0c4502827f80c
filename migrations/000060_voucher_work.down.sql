ALTER TABLE deliverables DROP COLUMN kind;
DROP TABLE reservation_changes;
ALTER TABLE reservations DROP COLUMN cancel_note, DROP COLUMN cancel_reason;
