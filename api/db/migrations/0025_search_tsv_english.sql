-- Search words with English stems and stop words on every text field (issue 19). Names, keywords and
-- categories are indexed in both `simple` (exact forms: `tokio`, `no-std`) and `english` (stems:
-- `microcontrollers` and `microcontroller` both give `microcontrol`); descriptions in `english`.
-- `/`, `_` and `:` become spaces first: the parser reads `serialization/deserialization` as one
-- file-path token and `science::ml` as one word otherwise.
CREATE OR REPLACE FUNCTION search_words(t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT regexp_replace(coalesce(t, ''), '[/_:]+', ' ', 'g') $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION search_tsv(name text, name_words text, keywords text, categories text, description text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT setweight(to_tsvector('simple'::regconfig, search_words(name || ' ' || name_words)) || to_tsvector('english'::regconfig, search_words(name_words)), 'A')
      || setweight(to_tsvector('simple'::regconfig, search_words(keywords)) || to_tsvector('english'::regconfig, search_words(keywords)), 'B')
      || setweight(to_tsvector('simple'::regconfig, search_words(categories)) || to_tsvector('english'::regconfig, search_words(categories)), 'C')
      || setweight(to_tsvector('english'::regconfig, search_words(description)), 'D')
  $$;
--> statement-breakpoint
-- Documents indexed before this migration get the new words now; their `strengths` fill in on the next `ferrite reindex`.
UPDATE search_documents SET tsv = search_tsv(
  name, coalesce(doc->>'nameWords', ''),
  array_to_string(array(SELECT jsonb_array_elements_text(doc->'keywords')), ' '),
  array_to_string(array(SELECT jsonb_array_elements_text(doc->'categories')), ' '),
  doc->>'description');
