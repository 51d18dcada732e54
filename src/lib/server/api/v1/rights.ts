import { z } from 'zod';
import { operation } from '../operation';
import { idParamsSchema } from '../common';
import { personAccessLog } from '../../pathways/rights';
import { exportPerson } from '../../pathways/export';
import { renderExportPdf } from '../../pathways/export-pdf';
import { erasePerson } from '../../pathways/erasure';
import { listBreakGlass, requestBreakGlass, reviewBreakGlass } from '../../pathways/break-glass';
import { keepPerson } from '../../pathways/retention';
import {
	accessLogQuerySchema,
	breakGlassInputSchema,
	breakGlassListQuerySchema,
	eraseInputSchema,
	keepInputSchema,
	reviewInputSchema
} from '../../pathways/rights-validation';

/** Rights of the person (issue 11, item 7): access log, right-of-access export, erasure, break-glass, retention. */

const accessLogEntrySchema = z.object({
	id: z.number().int(),
	at: z.string(),
	actorUserId: z.string().nullable(),
	actorName: z.string().nullable(),
	organisationId: z.string().nullable(),
	organisationName: z.string().nullable(),
	action: z.string(),
	what: z.string().nullable(),
	ground: z.string().nullable(),
	categories: z.array(z.string())
});

const grantSchema = z.object({
	id: z.string(),
	personId: z.string(),
	userId: z.string(),
	userName: z.string().nullable(),
	organisationId: z.string(),
	organisationName: z.string(),
	holderOrganisationId: z.string(),
	holderOrganisationName: z.string(),
	reason: z.string(),
	grantedAt: z.string(),
	expiresAt: z.string(),
	reviewedAt: z.string().nullable(),
	reviewVerdict: z.string().nullable(),
	reviewNote: z.string().nullable()
});

export const getPersonAccessLog = operation(
	{
		method: 'GET',
		path: '/persons/{id}/access-log',
		operationId: 'getPersonAccessLog',
		summary:
			'Qui a consulté ce dossier (organisme détenteur) : qui, pour quel organisme, quand, à quel titre, quoi ; les plus récentes d’abord (before : pagination)',
		tag: 'rights',
		auth: 'session',
		params: idParamsSchema,
		query: accessLogQuerySchema,
		response: z.object({ entries: z.array(accessLogEntrySchema), nextBefore: z.number().int().nullable() })
	},
	async ({ params, query, ctx }) => {
		const page = await personAccessLog(ctx, params.id, query);
		return { ...page, entries: page.entries.map((e) => ({ ...e, at: e.at.toISOString() })) };
	}
);

export const exportPersonOperation = operation(
	{
		method: 'GET',
		path: '/persons/{id}/export',
		operationId: 'exportPerson',
		summary:
			'Export au titre du droit d’accès (organisme détenteur) : identité, coordonnées, situation, consentements, suivi, orientations, référents, alertes, accès d’urgence, consultations',
		tag: 'rights',
		auth: 'session',
		params: idParamsSchema,
		response: z.record(z.string(), z.unknown())
	},
	async ({ params, ctx }) =>
		new Response(JSON.stringify(await exportPerson(ctx, params.id), null, 2), {
			headers: {
				'content-type': 'application/json; charset=utf-8',
				'content-disposition': `attachment; filename="droit-acces-${params.id}.json"`,
				'cache-control': 'private, no-store'
			}
		})
);

export const exportPersonPdfOperation = operation(
	{
		method: 'GET',
		path: '/persons/{id}/export.pdf',
		operationId: 'exportPersonPdf',
		summary: 'Le même export en PDF lisible (français)',
		tag: 'rights',
		auth: 'session',
		params: idParamsSchema,
		response: z.string().meta({ format: 'binary', description: 'application/pdf' })
	},
	async ({ params, ctx }) => {
		const bytes = await renderExportPdf(await exportPerson(ctx, params.id));
		return new Response(bytes as BodyInit, {
			headers: {
				'content-type': 'application/pdf',
				'content-disposition': `attachment; filename="droit-acces-${params.id}.pdf"`,
				'cache-control': 'private, no-store'
			}
		});
	}
);

export const erasePersonOperation = operation(
	{
		method: 'POST',
		path: '/persons/{id}/erase',
		operationId: 'erasePerson',
		summary:
			'Effacer la personne partout (administrateurs de l’organisme détenteur ; motif et confirmation « EFFACER ») ; les statistiques non personnelles restent',
		tag: 'rights',
		auth: 'session',
		params: idParamsSchema,
		body: eraseInputSchema,
		response: z.object({ id: z.string(), status: z.literal('anonymised') })
	},
	async ({ params, body, ctx }) => erasePerson(ctx, params.id, body)
);

export const keepPersonOperation = operation(
	{
		method: 'POST',
		path: '/persons/{id}/keep',
		operationId: 'keepPerson',
		summary: 'Conserver un dossier proposé à l’effacement (administrateurs de l’organisme détenteur)',
		tag: 'rights',
		auth: 'session',
		params: idParamsSchema,
		body: keepInputSchema,
		response: z.object({ id: z.string() })
	},
	async ({ params, body, ctx }) => keepPerson(ctx, params.id, body)
);

export const requestBreakGlassOperation = operation(
	{
		method: 'POST',
		path: '/persons/{id}/break-glass',
		operationId: 'requestBreakGlass',
		summary:
			'Accès d’urgence à un dossier que votre organisme ne voit pas : motif (20 caractères au moins), durée 4 h par défaut, 24 h au plus ; enregistré et examiné par la coordination',
		tag: 'rights',
		auth: 'session',
		params: idParamsSchema,
		body: breakGlassInputSchema,
		response: z.object({ id: z.string(), personId: z.string(), expiresAt: z.string() }),
		status: 201
	},
	async ({ params, body, ctx }) => {
		const grant = await requestBreakGlass(ctx, params.id, body);
		return { ...grant, expiresAt: grant.expiresAt.toISOString() };
	}
);

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const listBreakGlassOperation = operation(
	{
		method: 'GET',
		path: '/break-glass',
		operationId: 'listBreakGlass',
		summary:
			'Accès d’urgence à examiner (coordination du territoire de l’organisme détenteur) ; reviewed=false : non examinés',
		tag: 'rights',
		auth: 'session',
		query: breakGlassListQuerySchema,
		response: z.object({ items: z.array(grantSchema) })
	},
	async ({ query, ctx }) => ({
		items: (await listBreakGlass(ctx, { reviewed: query.reviewed })).map((g) => ({
			...g,
			grantedAt: g.grantedAt.toISOString(),
			expiresAt: g.expiresAt.toISOString(),
			reviewedAt: iso(g.reviewedAt)
		}))
	})
);

export const reviewBreakGlassOperation = operation(
	{
		method: 'POST',
		path: '/break-glass/{id}/review',
		operationId: 'reviewBreakGlass',
		summary: 'Avis de la coordination sur un accès d’urgence : justifié ou injustifié (note obligatoire)',
		tag: 'rights',
		auth: 'session',
		params: idParamsSchema,
		body: reviewInputSchema,
		response: z.object({ id: z.string(), verdict: z.string() })
	},
	async ({ params, body, ctx }) => reviewBreakGlass(ctx, params.id, body)
);
