-- Organisations found by part of their name (issue 11): the audit log's
-- organisation search, the admin's organisation and voucher searches all
-- ask for names containing what was typed (ILIKE '%…%'), which no b-tree
-- serves; every search read all ten thousand organisations (16 ms under
-- load). A trigram index answers it for three characters or more; pg_trgm
-- ships with PostgreSQL and is trusted, so the database's owner can add it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX organisations_name_trgm_idx ON organisations USING gin (name gin_trgm_ops);
