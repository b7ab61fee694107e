CREATE TABLE "search_document_bodies" (
	"package_id" bigint PRIMARY KEY NOT NULL,
	"doc" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "search_document_bodies" ADD CONSTRAINT "search_document_bodies_package_id_search_documents_package_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."search_documents"("package_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The documents move, not vanish: search keeps answering without a reindex. The old rows' space
-- is reused as documents are rewritten (plain VACUUM); VACUUM FULL search_documents returns it at once.
INSERT INTO "search_document_bodies" ("package_id", "doc") SELECT "package_id", "doc" FROM "search_documents";--> statement-breakpoint
ALTER TABLE "search_documents" DROP COLUMN "doc";