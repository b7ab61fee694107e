CREATE TABLE "search_facet_sets" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "search_facet_sets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"facet_values" text[] NOT NULL,
	CONSTRAINT "search_facet_sets_facet_values_unique" UNIQUE("facet_values")
);
--> statement-breakpoint
-- Filled from the documents' own facet_values (dropped by the next migration), then made required.
ALTER TABLE "search_documents" ADD COLUMN "facet_set" integer;--> statement-breakpoint
INSERT INTO "search_facet_sets" ("facet_values") SELECT DISTINCT "facet_values" FROM "search_documents";--> statement-breakpoint
UPDATE "search_documents" d SET "facet_set" = s."id" FROM "search_facet_sets" s WHERE s."facet_values" = d."facet_values";--> statement-breakpoint
ALTER TABLE "search_documents" ALTER COLUMN "facet_set" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "search_documents" ADD CONSTRAINT "search_documents_facet_set_search_facet_sets_id_fk" FOREIGN KEY ("facet_set") REFERENCES "public"."search_facet_sets"("id") ON DELETE no action ON UPDATE no action;