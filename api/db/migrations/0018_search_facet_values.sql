ALTER TABLE "search_documents" ADD COLUMN "facet_values" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "search_documents_targets" ON "search_documents" USING gin ("targets");--> statement-breakpoint
CREATE INDEX "search_documents_nostd" ON "search_documents" USING btree ("nostd");--> statement-breakpoint
CREATE INDEX "search_documents_msrv" ON "search_documents" USING btree ("msrv_num");--> statement-breakpoint
-- Documents indexed before this migration get their facet values from the columns they already have.
UPDATE "search_documents" SET "facet_values" =
  array['ecosystem:' || ecosystem, 'nostd:' || nostd, 'license:' || coalesce(license, 'unknown'), 'msrv:' || msrv_bucket]
  || array(select 'category:' || v from unnest(categories) v) || array(select 'profile:' || v from unnest(supports) v)
  || array(select 'tier:' || v from unnest(tiers) v) || array(select 'accelerator:' || v from unnest(accelerators) v)
  || array(select 'binding:' || v from unnest(binding_kinds) v) || array(select 'council:' || v from unnest(councils) v);
