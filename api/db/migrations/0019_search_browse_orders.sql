DROP INDEX "search_documents_downloads";--> statement-breakpoint
CREATE INDEX "search_documents_updated_at" ON "search_documents" USING btree ("updated_at" DESC NULLS FIRST,"name");--> statement-breakpoint
CREATE INDEX "search_documents_downloads" ON "search_documents" USING btree ("downloads" DESC NULLS FIRST,"name");