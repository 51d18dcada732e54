import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client';

/**
 * The directory's own records whose id is one of these HSDS ids, and that no record imported from HSDS already
 * holds as its source id (an HSDS export of the directory names them by their id; see hsds-ids.ts).
 */
export async function recordsById(db: Db, table: 'structures' | 'services', ids: string[]) {
	if (ids.length === 0) return [];
	return rows<{ id: string; source: string; source_id: string }>(
		db,
		sql`select r.id::text as id, r.source, r.source_id
			from ${sql.raw(table)} r
			join json_array_elements_text(${JSON.stringify(ids)}::json) as k(id) on r.id = k.id::uuid
			where not exists (
				select 1 from ${sql.raw(table)} h where h.source = 'hsds' and h.source_id = k.id
			)`
	);
}
