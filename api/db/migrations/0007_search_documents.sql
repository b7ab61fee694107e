CREATE TABLE "search_documents" (
	"package_id" bigint PRIMARY KEY NOT NULL,
	"ecosystem" text NOT NULL,
	"name" text NOT NULL,
	"name_key" text NOT NULL,
	"doc" jsonb NOT NULL,
	"tsv" "tsvector" NOT NULL,
	"downloads" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"keywords" text[] NOT NULL,
	"categories" text[] NOT NULL,
	"supports" text[] NOT NULL,
	"targets" text[] NOT NULL,
	"tiers" text[] NOT NULL,
	"nostd" text NOT NULL,
	"accelerators" text[] NOT NULL,
	"binding_kinds" text[] NOT NULL,
	"license" text,
	"msrv_num" integer,
	"msrv_bucket" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "search_documents" ADD CONSTRAINT "search_documents_package_id_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."packages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "search_documents_tsv" ON "search_documents" USING gin ("tsv");--> statement-breakpoint
CREATE INDEX "search_documents_name_trgm" ON "search_documents" USING gin ("name_key" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "search_documents_supports" ON "search_documents" USING gin ("supports");--> statement-breakpoint
CREATE INDEX "search_documents_keywords" ON "search_documents" USING gin ("keywords");--> statement-breakpoint
CREATE INDEX "search_documents_accelerators" ON "search_documents" USING gin ("accelerators");--> statement-breakpoint
CREATE INDEX "search_documents_downloads" ON "search_documents" USING btree ("downloads");