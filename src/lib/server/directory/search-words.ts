import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';

/**
 * Rebuilds the vocabulary used to correct typos in search queries ("urgense" → "urgence"):
 * every accent-free word of 3+ letters of the services' names and descriptions, with how many services use it.
 * Run after imports and demo seeding; cheap enough to run after each bulk change.
 */
export async function refreshSearchWords(db: Db): Promise<void> {
	await db.transaction(async (tx) => {
		await tx.execute(sql`delete from search_words`);
		await tx.execute(sql`
			insert into search_words (word, frequency)
			select word, count(distinct id)::int
			from (
				select s.id, regexp_split_to_table(normalize_name(s.name || ' ' || left(s.description, 20000)), ' ') as word
				from services s
			) w
			where length(word) >= 3
			group by word`);
	});
	await db.execute(sql`analyze search_words`);
}
