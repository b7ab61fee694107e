CREATE TABLE "index_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"command" text NOT NULL,
	"inputs" text[] NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"stats" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "indexed_files" (
	"source" text NOT NULL,
	"key" text NOT NULL,
	"sha256" text NOT NULL,
	"etag" text,
	"origin" text,
	"indexed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indexed_files_source_key_pk" PRIMARY KEY("source","key")
);
