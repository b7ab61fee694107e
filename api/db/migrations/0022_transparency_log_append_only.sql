-- The transparency log's tables are append-only like the governance log (0012), and TRUNCATE,
-- which row triggers never see, is refused on every log table by a statement trigger.
-- append_only_refuse_change() comes from 0012 and names the table and the refused operation.
CREATE TRIGGER transparency_log_leaves_append_only BEFORE UPDATE OR DELETE ON transparency_log_leaves
  FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
CREATE TRIGGER transparency_log_nodes_append_only BEFORE UPDATE OR DELETE ON transparency_log_nodes
  FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
CREATE TRIGGER transparency_log_keys_append_only BEFORE UPDATE OR DELETE ON transparency_log_keys
  FOR EACH ROW EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
CREATE TRIGGER governance_log_no_truncate BEFORE TRUNCATE ON governance_log
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
CREATE TRIGGER transparency_log_leaves_no_truncate BEFORE TRUNCATE ON transparency_log_leaves
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
CREATE TRIGGER transparency_log_nodes_no_truncate BEFORE TRUNCATE ON transparency_log_nodes
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
CREATE TRIGGER transparency_log_keys_no_truncate BEFORE TRUNCATE ON transparency_log_keys
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_change();
--> statement-breakpoint
-- The role that migrates (the application's) gives up changing history too. A superuser keeps
-- every right whatever is revoked, and an owner may grant them back: the triggers and, above
-- all, signed checkpoints are what hold; this only closes the plain path.
REVOKE UPDATE, DELETE, TRUNCATE ON governance_log, audit_log, transparency_log_leaves, transparency_log_nodes, transparency_log_keys FROM PUBLIC, CURRENT_USER;
