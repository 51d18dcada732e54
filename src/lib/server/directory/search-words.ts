import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';

/**
 * Rebuilds the vocabulary used to correct typos in search queries ("urgense" → "urgence"):
 * every accent-free word of 3 to 40 letters or digits of the services' names and descriptions, with how many
 * services use it. Run after imports (in their transaction) and demo seeding; searches read the old
 * vocabulary until the new one commits.
 *
 * The words come from ts_stat() over a 'simple' (unstemmed) text search vector of the accent-free texts: the
 * parser splits words in C and ts_stat counts each word once per service, where splitting with a regular
 * expression then sorting every (word, service) pair took twice as long (12 s at 200,000 services on
 * PostgreSQL, now about 6). Unlike a split on every non-letter, the parser keeps e-mail addresses and web
 * addresses whole: the words inside them are not in the vocabulary, and a word with a hyphen is taken as its
 * parts. A word not in the vocabulary is never "corrected" when the services contain it (see checkWords), so
 * a vocabulary that misses a word only weakens typo correction.
 */
export async function refreshSearchWords(db: Db): Promise<void> {
	await db.transaction(async (tx) => {
		await tx.execute(sql`select set_config('jit', 'off', true)`);
		await tx.execute(sql`delete from search_words`);
		await tx.execute(sql`
			insert into search_words (word, frequency)
			select word, ndoc from ts_stat($$
				select to_tsvector('simple', s.name_normalized || ' ' || immutable_unaccent(lower(left(s.description, 20000))))
				from services s $$)
			where length(word) between 3 and 40 and word ~ '^[a-z0-9]+$'`);
		// tells the search indexes of every instance to reload the vocabulary (search-index/handle.ts)
		await tx.execute(sql`insert into search_changes (kind) values ('vocabulary')`);
	});
	await db.execute(sql`analyze search_words`);
}
