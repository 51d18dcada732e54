-- Extensions used across modules; available in PostgreSQL 15+ (contrib) and in PGlite.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS cube;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS earthdistance;
--> statement-breakpoint
-- unaccent() is only STABLE; this wrapper names its dictionary so it can be IMMUTABLE and indexed.
CREATE OR REPLACE FUNCTION immutable_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
--> statement-breakpoint
-- Search key for names: "Saint-Cirq-Lapopie" and "saint cirq lapopie" match.
CREATE OR REPLACE FUNCTION normalize_name(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT btrim(regexp_replace(lower(public.immutable_unaccent($1)), '[^a-z0-9]+', ' ', 'g')) $$;
