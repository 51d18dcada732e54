import { pgTable, text, uuid, timestamp, bigint, jsonb, index } from 'drizzle-orm/pg-core';

/** Append-only (a trigger refuses UPDATE and DELETE, migration 0002). */
export const auditEvents = pgTable(
	'audit_events',
	{
		id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
		actorUserId: uuid('actor_user_id'),
		organisationId: uuid('organisation_id'),
		/** dotted verb: auth.login, invitation.create, zone.create, person.read… */
		action: text('action').notNull(),
		objectType: text('object_type').notNull(),
		objectId: text('object_id'),
		ip: text('ip'),
		requestId: text('request_id'),
		details: jsonb('details').notNull().default({})
	},
	(t) => [
		index('audit_at_idx').on(t.at),
		index('audit_actor_idx').on(t.actorUserId, t.at),
		index('audit_object_idx').on(t.objectType, t.objectId)
	]
);
