-- Full-text vector of a service, accent-free, French stemming; the name weighs more than the description.
ALTER TABLE services ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
	setweight(to_tsvector('french'::regconfig, immutable_unaccent(name)), 'A') ||
	setweight(to_tsvector('french'::regconfig, immutable_unaccent(left(description, 20000))), 'B')
) STORED;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS services_search_idx ON services USING gin (search_vector);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS services_name_trgm_idx ON services USING gin (name_normalized gin_trgm_ops);
--> statement-breakpoint
-- Distance search: points on the earth's surface, indexed for earth_box() radius queries.
CREATE INDEX IF NOT EXISTS services_earth_idx ON services USING gist (ll_to_earth(latitude, longitude))
	WHERE latitude IS NOT NULL AND longitude IS NOT NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS search_words_trgm_idx ON search_words USING gin (word gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS communes_earth_idx ON communes USING gist (ll_to_earth(latitude, longitude))
	WHERE latitude IS NOT NULL AND longitude IS NOT NULL;
