CREATE TABLE "crate_archive_facts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"package_id" bigint NOT NULL,
	"version_num" text NOT NULL,
	"sha256" text NOT NULL,
	"manifest" jsonb NOT NULL,
	"readme_path" text,
	"readme_html" text,
	"no_std" jsonb NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"extracted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crate_archives" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"package_id" bigint NOT NULL,
	"version_num" text NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"origin" text NOT NULL,
	"archive_mtime" timestamp with time zone,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "crate_archive_facts" ADD CONSTRAINT "crate_archive_facts_package_id_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."packages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crate_archives" ADD CONSTRAINT "crate_archives_package_id_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."packages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "crate_archive_facts_version" ON "crate_archive_facts" USING btree ("package_id","version_num");--> statement-breakpoint
CREATE UNIQUE INDEX "crate_archives_version" ON "crate_archives" USING btree ("package_id","version_num");--> statement-breakpoint
CREATE INDEX "crate_archives_sha256" ON "crate_archives" USING btree ("sha256");