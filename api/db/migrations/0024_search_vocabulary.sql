CREATE TABLE "search_synonyms" (
	"term" text NOT NULL,
	"synonym" text NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "search_synonyms_term_synonym_pk" PRIMARY KEY("term","synonym")
);
--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "strengths" jsonb DEFAULT '{}'::jsonb NOT NULL;