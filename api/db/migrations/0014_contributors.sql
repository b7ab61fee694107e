CREATE TABLE "affiliations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"person_id" bigint NOT NULL,
	"org" text NOT NULL,
	"since" timestamp with time zone,
	"until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "contributions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"identity_id" bigint NOT NULL,
	"package_id" bigint,
	"version_id" bigint,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"weight" real DEFAULT 1 NOT NULL,
	"source" text NOT NULL,
	"source_key" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "merge_suggestions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"person_a" bigint NOT NULL,
	"person_b" bigint NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" bigint,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"display_name" text NOT NULL,
	"hidden" boolean DEFAULT false NOT NULL,
	"merged_into" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_edits" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"action" text NOT NULL,
	"person_id" bigint NOT NULL,
	"other_id" bigint,
	"identity_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"actor" text NOT NULL,
	"undone_by" bigint,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_identities" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"person_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"display" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "affiliations" ADD CONSTRAINT "affiliations_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_identity_id_person_identities_id_fk" FOREIGN KEY ("identity_id") REFERENCES "public"."person_identities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_package_id_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."packages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_version_id_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merge_suggestions" ADD CONSTRAINT "merge_suggestions_person_a_people_id_fk" FOREIGN KEY ("person_a") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merge_suggestions" ADD CONSTRAINT "merge_suggestions_person_b_people_id_fk" FOREIGN KEY ("person_b") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merge_suggestions" ADD CONSTRAINT "merge_suggestions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_edits" ADD CONSTRAINT "person_edits_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_edits" ADD CONSTRAINT "person_edits_other_id_people_id_fk" FOREIGN KEY ("other_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_identities" ADD CONSTRAINT "person_identities_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contributions_source_key" ON "contributions" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "contributions_package" ON "contributions" USING btree ("package_id","at");--> statement-breakpoint
CREATE INDEX "contributions_identity" ON "contributions" USING btree ("identity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "merge_suggestions_pair" ON "merge_suggestions" USING btree ("person_a","person_b");--> statement-breakpoint
CREATE UNIQUE INDEX "person_identities_kind_value" ON "person_identities" USING btree ("kind","value");--> statement-breakpoint
CREATE INDEX "person_identities_person" ON "person_identities" USING btree ("person_id");