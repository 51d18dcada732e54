-- Decisions register: « does the full text know this word? » answered from the vocabulary (a few thousand words)
-- instead of the decisions. The stems of each vocabulary word, stored, with a GIN index: for a word of 3 to 40
-- letters (the words the vocabulary keeps) the question no longer reads the decisions, whose scan found nothing
-- for a mistyped word only after reading every row (a sequential scan: the planner expects an early hit).
ALTER TABLE decision_words ADD COLUMN IF NOT EXISTS lexemes tsvector
	GENERATED ALWAYS AS (to_tsvector('french'::regconfig, word)) STORED;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS decision_words_lexemes_idx ON decision_words USING gin (lexemes);
--> statement-breakpoint
-- The register without words reads every decision in scope for its counts per status: the cooperation index
-- carries what that reading needs (an index-only scan once the table is vacuumed), instead of the wide rows.
DROP INDEX IF EXISTS decisions_cooperation_idx;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS decisions_cooperation_idx ON decisions (cooperation_id, decided_on) INCLUDE (status, body_id, id);
