DROP INDEX IF EXISTS vouchers_org_type_fifteen_idx;
DROP TABLE IF EXISTS second_engagement_statements;
