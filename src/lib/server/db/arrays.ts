import { sql, type SQL } from 'drizzle-orm';

/**
 * One bound parameter holding a whole list, as a PostgreSQL array literal: `= any(${uuidArray(ids)})` keeps a
 * statement's text (and its plan) the same whatever the number of ids, where `in (…)` would bind one per id.
 * Only for values that cannot hold a comma, brace or quote (uuids, codes).
 */
export const uuidArray = (ids: readonly string[]): SQL => sql`${`{${ids.join(',')}}`}::uuid[]`;

/** The same for text values (statuses, categories, codes). */
export const textArray = (values: readonly string[]): SQL => sql`${`{${values.join(',')}}`}::text[]`;
