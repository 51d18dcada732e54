-- Decisions register (issue 10 §6): full-text search tolerant to accents (unaccent + French stemming, like the
-- directory, ADR 007) and to typos (trigram word similarity on the accent-free text, used only for words the
-- full text does not know). Both columns are kept by the database; GIN indexes serve them.
ALTER TABLE decisions ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
	setweight(to_tsvector('french'::regconfig, immutable_unaccent(title)), 'A') ||
	setweight(to_tsvector('french'::regconfig, immutable_unaccent(left(text, 20000))), 'B') ||
	setweight(to_tsvector('french'::regconfig, immutable_unaccent(outcome)), 'C')
) STORED;
--> statement-breakpoint
ALTER TABLE decisions ADD COLUMN search_text text GENERATED ALWAYS AS (
	normalize_name(title || ' ' || left(text, 4000) || ' ' || outcome)
) STORED;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS decisions_search_idx ON decisions USING gin (search_vector);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS decisions_search_trgm_idx ON decisions USING gin (search_text gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS decisions_supersedes_idx ON decisions (supersedes_id);
