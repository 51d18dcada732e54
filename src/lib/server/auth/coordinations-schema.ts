import { sql } from 'drizzle-orm';
import { pgTable, text, uuid, timestamp, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './schema';

/**
 * Coordination of a territory: the only grant of territory-wide powers (ADR 008). Given by an instance admin or by
 * a coordinator of an enclosing territory, never through an organisation's membership. Revoked rows are kept as
 * the record of who held what, when.
 */
export const territoryCoordinations = pgTable(
	'territory_coordinations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** region | departement | epci | commune | zone */
		territoryType: text('territory_type').notNull(),
		/** an Insee/SIREN code, or a zone's id */
		territoryCode: text('territory_code').notNull(),
		grantedBy: uuid('granted_by').references(() => users.id, { onDelete: 'set null' }),
		grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
		revokedBy: uuid('revoked_by').references(() => users.id, { onDelete: 'set null' }),
		revokedAt: timestamp('revoked_at', { withTimezone: true })
	},
	(t) => [
		index('territory_coordinations_user_idx').on(t.userId),
		uniqueIndex('territory_coordinations_active_idx')
			.on(t.userId, t.territoryType, t.territoryCode)
			.where(sql`${t.revokedAt} is null`)
	]
);
