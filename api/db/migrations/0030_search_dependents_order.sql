ALTER TABLE "search_documents" ADD COLUMN "dependents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "search_documents_dependents" ON "search_documents" USING btree ("dependents" DESC NULLS FIRST,"name");--> statement-breakpoint
-- Documents indexed before this migration carry their count in the document already.
UPDATE "search_documents" s SET "dependents" = coalesce((b."doc"->>'dependents')::int, 0) FROM "search_document_bodies" b WHERE b."package_id" = s."package_id";
