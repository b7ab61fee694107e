CREATE TYPE "public"."ecosystem" AS ENUM('crates', 'npm');--> statement-breakpoint
CREATE TYPE "public"."evidence_source" AS ENUM('inferred', 'declared', 'verified');--> statement-breakpoint
CREATE TABLE "categories" (
	"slug" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"parent_slug" text
);
--> statement-breakpoint
CREATE TABLE "packages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ecosystem" "ecosystem" NOT NULL,
	"name" text NOT NULL,
	"name_key" text NOT NULL,
	"description" text,
	"repository" text,
	"homepage" text,
	"documentation" text,
	"license" text,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"downloads" bigint,
	"recent_downloads" bigint,
	"default_version" text,
	"max_version" text,
	"version_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"package_id" bigint NOT NULL,
	"num" text NOT NULL,
	"yanked" boolean DEFAULT false NOT NULL,
	"published_at" timestamp with time zone,
	"cksum" text,
	"deps" json,
	"features" json,
	"features2" json,
	"links" text,
	"rust_version" text,
	"index_v" smallint,
	"index_extra" json,
	"npm" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "targets" (
	"triple" text PRIMARY KEY NOT NULL,
	"tier" text,
	"host_tools" boolean,
	"std" text DEFAULT 'unknown' NOT NULL,
	"notes" text,
	"cfg" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bindings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"npm_package_id" bigint NOT NULL,
	"crate_name" text,
	"crate_package_id" bigint,
	"kind" text NOT NULL,
	"triples" text[] NOT NULL,
	"source_kind" "evidence_source" NOT NULL,
	"evidence" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compat_claims" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"version_id" bigint NOT NULL,
	"subject" text NOT NULL,
	"status" text NOT NULL,
	"source_kind" "evidence_source" NOT NULL,
	"source" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_key" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"key" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "versions" ADD CONSTRAINT "versions_package_id_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."packages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bindings" ADD CONSTRAINT "bindings_npm_package_id_packages_id_fk" FOREIGN KEY ("npm_package_id") REFERENCES "public"."packages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bindings" ADD CONSTRAINT "bindings_crate_package_id_packages_id_fk" FOREIGN KEY ("crate_package_id") REFERENCES "public"."packages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compat_claims" ADD CONSTRAINT "compat_claims_version_id_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "packages_ecosystem_name_key" ON "packages" USING btree ("ecosystem","name_key");--> statement-breakpoint
CREATE INDEX "packages_updated_at" ON "packages" USING btree ("updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "versions_package_num" ON "versions" USING btree ("package_id","num");--> statement-breakpoint
CREATE UNIQUE INDEX "bindings_npm_source" ON "bindings" USING btree ("npm_package_id","source_kind");--> statement-breakpoint
CREATE INDEX "bindings_crate" ON "bindings" USING btree ("crate_package_id");--> statement-breakpoint
CREATE UNIQUE INDEX "compat_claims_identity" ON "compat_claims" USING btree ("version_id","subject","source_kind","source");--> statement-breakpoint
CREATE INDEX "compat_claims_subject_status" ON "compat_claims" USING btree ("subject","status");--> statement-breakpoint
CREATE INDEX "audit_log_subject" ON "audit_log" USING btree ("subject_type","subject_key");--> statement-breakpoint
CREATE INDEX "outbox_pending" ON "outbox" USING btree ("available_at","id") WHERE "outbox"."processed_at" is null;