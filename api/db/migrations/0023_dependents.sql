CREATE TABLE "dependency_edges" (
	"package_id" bigint NOT NULL,
	"dependent_id" bigint NOT NULL,
	"req" text NOT NULL,
	"kinds" text[] NOT NULL,
	"optional" boolean NOT NULL,
	CONSTRAINT "dependency_edges_package_id_dependent_id_pk" PRIMARY KEY("package_id","dependent_id")
);
--> statement-breakpoint
CREATE TABLE "dependent_counts" (
	"package_id" bigint PRIMARY KEY NOT NULL,
	"direct" integer NOT NULL,
	"transitive" integer NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dependency_edges" ADD CONSTRAINT "dependency_edges_package_id_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."packages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dependency_edges" ADD CONSTRAINT "dependency_edges_dependent_id_packages_id_fk" FOREIGN KEY ("dependent_id") REFERENCES "public"."packages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dependent_counts" ADD CONSTRAINT "dependent_counts_package_id_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."packages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dependency_edges_dependent" ON "dependency_edges" USING btree ("dependent_id");--> statement-breakpoint
CREATE INDEX "dependent_counts_direct" ON "dependent_counts" USING btree ("direct" DESC NULLS LAST,"package_id");