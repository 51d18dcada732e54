-- Decisions register (issue 10 §6): full-text search tolerant to accents (unaccent + French stemming, like the
-- directory, ADR 007) and to typos (a word the full text does not know is replaced by the closest word of the
-- register's vocabulary, by trigram similarity, as the directory does with search_words).
ALTER TABLE decisions ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
	setweight(to_tsvector('french'::regconfig, immutable_unaccent(title)), 'A') ||
	setweight(to_tsvector('french'::regconfig, immutable_unaccent(left(text, 20000))), 'B') ||
	setweight(to_tsvector('french'::regconfig, immutable_unaccent(outcome)), 'C')
) STORED;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS decisions_search_idx ON decisions USING gin (search_vector);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS decisions_supersedes_idx ON decisions (supersedes_id);
--> statement-breakpoint
-- The register's vocabulary: every accent-free word of 3 letters or more ever written in a decision. Kept by the
-- trigger below (words are only added: decisions are never deleted, and a word left by an edit only offers a
-- correction that finds nothing). Small (a few thousand words), so the trigram lookup is cheap.
CREATE TABLE IF NOT EXISTS decision_words (word text PRIMARY KEY);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS decision_words_trgm_idx ON decision_words USING gin (word gin_trgm_ops);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION decision_words_collect() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO decision_words (word)
	SELECT DISTINCT w FROM regexp_split_to_table(
		normalize_name(NEW.title || ' ' || left(NEW.text, 20000) || ' ' || NEW.outcome), ' ') AS w
	WHERE length(w) BETWEEN 3 AND 40
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER decisions_words_collect AFTER INSERT OR UPDATE OF title, text, outcome ON decisions
	FOR EACH ROW EXECUTE FUNCTION decision_words_collect();
