ALTER TABLE "search_documents" DROP COLUMN "tiers";--> statement-breakpoint
ALTER TABLE "search_documents" DROP COLUMN "license";--> statement-breakpoint
ALTER TABLE "search_documents" DROP COLUMN "msrv_bucket";