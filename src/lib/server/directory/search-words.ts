import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';

/**
 * Rebuilds the vocabulary used to correct typos in search queries ("urgense" → "urgence"):
 * every accent-free word of 3 to 40 letters of the services' names and descriptions, with how many services
 * use it. Run after imports and demo seeding; searches read the old vocabulary until the new one commits.
 *
 * normalize_name() already leaves single spaces between [a-z0-9] words, so string_to_array() splits them
 * (four times cheaper than a regular-expression split); at 200,000 services this takes about 2 s on PostgreSQL.
 * A word not yet in the vocabulary is never "corrected" when the services contain it (see checkWords), so a
 * stale vocabulary only weakens typo correction.
 */
export async function refreshSearchWords(db: Db): Promise<void> {
	await db.transaction(async (tx) => {
		await tx.execute(sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`);
		await tx.execute(sql`delete from search_words`);
		await tx.execute(sql`
			insert into search_words (word, frequency)
			select w.word, count(distinct s.id)::int
			from services s,
				unnest(string_to_array(s.name_normalized || ' ' || normalize_name(left(s.description, 20000)), ' ')) as w(word)
			where length(w.word) between 3 and 40
			group by w.word`);
		// tells the search indexes of every instance to reload the vocabulary (search-index/freshness.ts)
		await tx.execute(sql`insert into search_changes (kind) values ('vocabulary')`);
	});
	await db.execute(sql`analyze search_words`);
}
