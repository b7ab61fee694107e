ALTER TABLE "search_documents" ADD COLUMN "advisory" text;--> statement-breakpoint
CREATE INDEX "search_documents_advisory" ON "search_documents" USING btree ("advisory");--> statement-breakpoint
-- Documents written before this migration carry no advisory status: where advisories are imported,
-- every crate's document is queued for the search drain to rebuild, so no hub needs a manual reindex.
INSERT INTO "outbox" ("topic", "key") SELECT 'search.package', p."id"::text FROM "packages" p WHERE p."ecosystem" = 'crates' AND EXISTS (SELECT 1 FROM "advisories");
