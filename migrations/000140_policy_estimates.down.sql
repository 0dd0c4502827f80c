DROP INDEX vouchers_window_idx;
CREATE INDEX vouchers_window_idx ON vouchers (redeemed_on, id) WHERE state = 'REDEEMED' AND NOT payment_window_closed;
CREATE OR REPLACE FUNCTION app_program() RETURNS boolean LANGUAGE sql STABLE STRICT PARALLEL SAFE AS
$$ SELECT coalesce(current_setting('app.program', true), '') = 'on' $$;
