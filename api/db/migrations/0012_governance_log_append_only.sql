-- The governance log is append-only like the audit log; `ferrite verify` still detects any change
-- made around this trigger, because every entry's hash covers the one before it.
CREATE OR REPLACE FUNCTION append_only_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER governance_log_append_only BEFORE UPDATE OR DELETE ON governance_log
  FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change();
