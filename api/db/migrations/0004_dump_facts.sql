CREATE TABLE "registry_owners" (
	"package_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"login" text NOT NULL,
	"name" text,
	"source" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "versions" ADD COLUMN "publisher" text;--> statement-breakpoint
ALTER TABLE "versions" ADD COLUMN "license" text;--> statement-breakpoint
ALTER TABLE "versions" ADD COLUMN "downloads" bigint;--> statement-breakpoint
ALTER TABLE "registry_owners" ADD CONSTRAINT "registry_owners_package_id_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."packages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "registry_owners_identity" ON "registry_owners" USING btree ("package_id","kind","login","source");