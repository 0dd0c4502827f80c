ALTER TABLE submissions DROP COLUMN outcome_body, DROP COLUMN outcome_type, DROP COLUMN request_hash;
DROP TABLE api_tokens;
