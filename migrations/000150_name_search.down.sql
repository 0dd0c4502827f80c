DROP INDEX organisations_name_trgm_idx;
DROP EXTENSION IF EXISTS pg_trgm;
