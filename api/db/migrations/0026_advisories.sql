CREATE TABLE "advisories" (
	"id" text PRIMARY KEY NOT NULL,
	"package" text NOT NULL,
	"package_key" text NOT NULL,
	"date" date NOT NULL,
	"withdrawn" date,
	"url" text,
	"references" text[] NOT NULL,
	"categories" text[] NOT NULL,
	"keywords" text[] NOT NULL,
	"aliases" text[] NOT NULL,
	"related" text[] NOT NULL,
	"cvss" text,
	"informational" text,
	"license" text,
	"affected" jsonb NOT NULL,
	"patched" text[] NOT NULL,
	"unaffected" text[] NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"source_path" text NOT NULL,
	"sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "advisories_package_key" ON "advisories" USING btree ("package_key");--> statement-breakpoint
CREATE INDEX "advisories_aliases" ON "advisories" USING gin ("aliases");--> statement-breakpoint
CREATE INDEX "advisories_created_at" ON "advisories" USING btree ("created_at");