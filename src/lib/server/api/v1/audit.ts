import { z } from 'zod';
import { operation } from '../operation';
import { readAuditLog } from '../../audit/service';

export const auditQuerySchema = z.object({
	organisationId: z.uuid().optional(),
	actorUserId: z.uuid().optional(),
	action: z.string().max(100).optional(),
	objectType: z.string().max(50).optional(),
	objectId: z.string().max(100).optional(),
	from: z.coerce.date().optional(),
	to: z.coerce.date().optional(),
	before: z.coerce.number().int().positive().optional(),
	limit: z.coerce.number().int().min(1).max(200).default(50)
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
