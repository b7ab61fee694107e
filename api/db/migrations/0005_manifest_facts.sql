CREATE TABLE "manifest_facts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"package_id" bigint NOT NULL,
	"version_num" text,
	"source" text NOT NULL,
	"origin" text NOT NULL,
	"facts" jsonb NOT NULL,
	"sha256" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "manifest_facts" ADD CONSTRAINT "manifest_facts_package_id_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."packages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "manifest_facts_identity" ON "manifest_facts" USING btree ("package_id","source","origin");