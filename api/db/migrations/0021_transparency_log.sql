CREATE TABLE "transparency_log_keys" (
	"id" integer PRIMARY KEY NOT NULL,
	"private_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transparency_log_leaves" (
	"idx" bigint PRIMARY KEY NOT NULL,
	"leaf_hash" text NOT NULL,
	"data" text NOT NULL,
	"governance_log_id" bigint,
	"entry_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transparency_log_nodes" (
	"level" smallint NOT NULL,
	"idx" bigint NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "transparency_log_nodes_level_idx_pk" PRIMARY KEY("level","idx")
);
--> statement-breakpoint
ALTER TABLE "transparency_log_leaves" ADD CONSTRAINT "transparency_log_leaves_governance_log_id_governance_log_id_fk" FOREIGN KEY ("governance_log_id") REFERENCES "public"."governance_log"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "transparency_log_leaves_governance" ON "transparency_log_leaves" USING btree ("governance_log_id");--> statement-breakpoint
CREATE INDEX "transparency_log_leaves_entry_hash" ON "transparency_log_leaves" USING btree ("entry_hash");--> statement-breakpoint
CREATE INDEX "transparency_log_leaves_leaf_hash" ON "transparency_log_leaves" USING btree ("leaf_hash");