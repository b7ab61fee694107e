-- Set in place, not rebuilt (drizzle-kit wrote drop and create): the setting applies to later inserts,
-- and what is pending now is flushed into the index at once.
ALTER INDEX "search_documents_tsv" SET (gin_pending_list_limit=256);--> statement-breakpoint
ALTER INDEX "search_documents_name_trgm" SET (gin_pending_list_limit=256);--> statement-breakpoint
ALTER INDEX "search_documents_supports" SET (gin_pending_list_limit=256);--> statement-breakpoint
ALTER INDEX "search_documents_keywords" SET (gin_pending_list_limit=256);--> statement-breakpoint
ALTER INDEX "search_documents_accelerators" SET (gin_pending_list_limit=256);--> statement-breakpoint
ALTER INDEX "search_documents_targets" SET (gin_pending_list_limit=256);--> statement-breakpoint
SELECT gin_clean_pending_list('search_documents_tsv'::regclass);--> statement-breakpoint
SELECT gin_clean_pending_list('search_documents_name_trgm'::regclass);--> statement-breakpoint
SELECT gin_clean_pending_list('search_documents_supports'::regclass);--> statement-breakpoint
SELECT gin_clean_pending_list('search_documents_keywords'::regclass);--> statement-breakpoint
SELECT gin_clean_pending_list('search_documents_accelerators'::regclass);--> statement-breakpoint
SELECT gin_clean_pending_list('search_documents_targets'::regclass);
