CREATE TABLE "search_facet_sets" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "search_facet_sets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"key" text NOT NULL,
	"facet_values" text[] NOT NULL,
	CONSTRAINT "search_facet_sets_key_unique" UNIQUE("key")
);
--> statement-breakpoint
-- Filled from the documents' own facet_values (dropped by the next migration), then made required.
-- The key is the one facetSetKey (api/search/pg-engine.ts) computes: sha256 of the array's text form.
ALTER TABLE "search_documents" ADD COLUMN "facet_set" integer;--> statement-breakpoint
INSERT INTO "search_facet_sets" ("key", "facet_values")
  SELECT DISTINCT ON (k) k, v FROM (SELECT encode(sha256(convert_to("facet_values"::text, 'UTF8')), 'hex') AS k, "facet_values" AS v FROM "search_documents") s ORDER BY k;--> statement-breakpoint
UPDATE "search_documents" d SET "facet_set" = s."id" FROM "search_facet_sets" s WHERE s."key" = encode(sha256(convert_to(d."facet_values"::text, 'UTF8')), 'hex');--> statement-breakpoint
ALTER TABLE "search_documents" ALTER COLUMN "facet_set" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "search_documents" ADD CONSTRAINT "search_documents_facet_set_search_facet_sets_id_fk" FOREIGN KEY ("facet_set") REFERENCES "public"."search_facet_sets"("id") ON DELETE no action ON UPDATE no action;