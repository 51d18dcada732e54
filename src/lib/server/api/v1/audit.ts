import { z } from 'zod';
import { operation } from '../operation';
import { readAuditLog } from '../../audit/service';
import { dateParam, singleLine } from '../../validation';

export const auditQuerySchema = z.object({
	organisationId: z.uuid().optional(),
	actorUserId: z.uuid().optional(),
	action: singleLine().max(100, 'text.tooLong').optional(),
	objectType: singleLine().max(50, 'text.tooLong').optional(),
	objectId: singleLine().max(100, 'text.tooLong').optional(),
	from: dateParam().optional(),
	to: dateParam().optional(),
	/** id of the last event of the previous page (nextBefore) */
	before: z.coerce
		.number('id.invalid')
		.int('id.invalid')
		.min(1, 'id.invalid')
		.max(Number.MAX_SAFE_INTEGER, 'id.invalid')
		.optional(),
	limit: z.coerce
		.number('limit.invalid')
		.int('limit.invalid')
		.min(1, 'limit.invalid')
		.max(200, 'limit.invalid')
		.default(50)
});

const auditEventSchema = z
	.object({
		id: z.number().int(),
		at: z.string(),
		actorUserId: z.uuid().nullable(),
		actorEmail: z.string().nullable(),
		organisationId: z.uuid().nullable(),
		action: z.string(),
		objectType: z.string(),
		objectId: z.string().nullable(),
		ip: z.string().nullable(),
		requestId: z.string().nullable(),
		details: z.unknown()
	})
	.meta({ id: 'AuditEvent' });

export const listAuditEvents = operation(
	{
		method: 'GET',
		path: '/audit-events',
		operationId: 'listAuditEvents',
		summary: "Journal d'audit (administrateurs), du plus récent au plus ancien",
		tag: 'audit',
		auth: 'session',
		query: auditQuerySchema,
		response: z.object({ items: z.array(auditEventSchema), nextBefore: z.number().int().nullable() })
	},
	async ({ query, ctx }) => {
		const page = await readAuditLog(ctx, query);
		return { items: page.events.map((e) => ({ ...e, at: e.at.toISOString() })), nextBefore: page.nextBefore };
	}
);
