import { z } from 'zod';
import { operation } from '../operation';
import {
	createVersion,
	decide,
	getVersion,
	listVersions,
	submitVersion,
	updateVersion,
	type PartyStatus
} from '../../charters/service';
import { compareVersions } from '../../charters/queries';
import { versionPdf } from '../../charters/pdf';
import {
	approvalInputSchema,
	charterPatchSchema,
	charterVersionListSchema,
	charterVersionSchema,
	newVersionSchema
} from '../../charters/validation';
import type { CharterVersion } from '../../charters/service';

/** A cooperation's charter: numbered versions, approved party by party, frozen when all have approved. */

const coopParams = z.object({ id: z.uuid('id.invalid') });
const versionParams = coopParams.extend({
	number: z.coerce
		.number('charters.version')
		.int('charters.version')
		.min(1, 'charters.version')
		.max(1_000_000, 'charters.version')
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const toApi = (v: CharterVersion, parties: PartyStatus[]) => ({
	id: v.id,
	cooperationId: v.cooperationId,
	number: v.number,
	status: v.status as z.infer<typeof charterVersionSchema>['status'],
	template: v.template,
	content: v.content,
	contentHash: v.contentHash,
	frozenAt: iso(v.frozenAt),
	updatedAt: v.updatedAt.toISOString(),
	parties: parties.map((p) => ({ ...p, at: iso(p.at) }))
});

export const listCharterVersions = operation(
	{
		method: 'GET',
		path: '/cooperations/{id}/charter/versions',
		operationId: 'listCharterVersions',
		summary:
			'Versions de la charte d’une coopération, la plus récente d’abord (membres des parties, coordination)',
		tag: 'charters',
		auth: 'session',
		params: coopParams,
		response: charterVersionListSchema
	},
	async ({ params, ctx }) => {
		const { versions } = await listVersions(ctx, params.id);
		return {
			items: versions.map((v) => ({
				id: v.id,
				number: v.number,
				status: v.status as z.infer<typeof charterVersionSchema>['status'],
				title: v.content.title,
				contentHash: v.contentHash,
				frozenAt: iso(v.frozenAt),
				updatedAt: v.updatedAt.toISOString()
			}))
		};
	}
);

export const createCharterVersion = operation(
	{
		method: 'POST',
		path: '/cooperations/{id}/charter/versions',
		operationId: 'createCharterVersion',
		summary:
			'Ouvrir une version : à partir d’un modèle (violences-intrafamiliales, insertion, prevention-jeunesse) ou, sans modèle, copie de la version en vigueur (avenant)',
		tag: 'charters',
		auth: 'session',
		params: coopParams,
		body: newVersionSchema,
		response: charterVersionSchema,
		status: 201
	},
	async ({ params, body, ctx }) => {
		const v = await createVersion(ctx, params.id, body);
		return toApi(v, (await getVersion(ctx, params.id, v.number)).parties);
	}
);

export const getCharterVersion = operation(
	{
		method: 'GET',
		path: '/cooperations/{id}/charter/versions/{number}',
		operationId: 'getCharterVersion',
		summary: 'Une version de la charte, avec la réponse de chaque partie',
		tag: 'charters',
		auth: 'session',
		params: versionParams,
		response: charterVersionSchema
	},
	async ({ params, ctx }) => {
		const { version, parties } = await getVersion(ctx, params.id, params.number);
		return toApi(version, parties);
	}
);

export const updateCharterVersion = operation(
	{
		method: 'PATCH',
		path: '/cooperations/{id}/charter/versions/{number}',
		operationId: 'updateCharterVersion',
		summary:
			'Modifier un brouillon ou une version en approbation (seuls les champs envoyés changent ; texte assaini ; montants en texte exact « 12 500,50 »). Une modification après une réponse rouvre toutes les approbations. Une version figée renvoie 409.',
		tag: 'charters',
		auth: 'session',
		params: versionParams,
		body: charterPatchSchema,
		response: charterVersionSchema
	},
	async ({ params, body, ctx }) => {
		await updateVersion(ctx, params.id, params.number, body);
		const { version, parties } = await getVersion(ctx, params.id, params.number);
		return toApi(version, parties);
	}
);

export const submitCharterVersion = operation(
	{
		method: 'POST',
		path: '/cooperations/{id}/charter/versions/{number}/submit',
		operationId: 'submitCharterVersion',
		summary: 'Soumettre un brouillon à l’approbation des parties (les membres habilités sont prévenus)',
		tag: 'charters',
		auth: 'session',
		params: versionParams,
		response: charterVersionSchema
	},
	async ({ params, ctx }) => {
		await submitVersion(ctx, params.id, params.number);
		const { version, parties } = await getVersion(ctx, params.id, params.number);
		return toApi(version, parties);
	}
);

export const decideCharterVersion = operation(
	{
		method: 'POST',
		path: '/cooperations/{id}/charter/versions/{number}/approvals',
		operationId: 'decideCharterVersion',
		summary:
			'Approuver la version ou demander des modifications (motif obligatoire) au nom d’une partie : réservé aux membres habilités de cette partie, administrateurs de l’instance compris. Approuvée par toutes, la version est figée et entre en vigueur.',
		tag: 'charters',
		auth: 'session',
		params: versionParams,
		body: approvalInputSchema,
		response: charterVersionSchema,
		status: 201
	},
	async ({ params, body, ctx }) => {
		await decide(ctx, params.id, params.number, body);
		const { version, parties } = await getVersion(ctx, params.id, params.number);
		return toApi(version, parties);
	}
);

export const charterVersionPdf = operation(
	{
		method: 'GET',
		path: '/cooperations/{id}/charter/versions/{number}/pdf',
		operationId: 'charterVersionPdf',
		summary: 'La version en PDF, avec son empreinte SHA-256 et les approbations des parties',
		tag: 'charters',
		auth: 'session',
		params: versionParams,
		response: z.string().meta({ format: 'binary', description: 'application/pdf' })
	},
	async ({ params, ctx }) => {
		const bytes = await versionPdf(ctx, params.id, params.number);
		return new Response(bytes as BodyInit, {
			headers: {
				'content-type': 'application/pdf',
				'content-disposition': `attachment; filename="charte-v${params.number}.pdf"`,
				'cache-control': 'private, no-store'
			}
		});
	}
);

export const compareCharterVersions = operation(
	{
		method: 'GET',
		path: '/cooperations/{id}/charter/compare',
		operationId: 'compareCharterVersions',
		summary:
			'Comparer deux versions section par section (texte de chaque côté, sections modifiées, différences mot à mot)',
		tag: 'charters',
		auth: 'session',
		params: coopParams,
		query: z.object({
			a: z.coerce
				.number('charters.version')
				.int('charters.version')
				.min(1, 'charters.version')
				.max(1_000_000, 'charters.version'),
			b: z.coerce
				.number('charters.version')
				.int('charters.version')
				.min(1, 'charters.version')
				.max(1_000_000, 'charters.version')
		}),
		response: z
			.object({
				a: z.number().int(),
				b: z.number().int(),
				rows: z.array(
					z.object({
						key: z.string(),
						label: z.string(),
						left: z.string(),
						right: z.string(),
						changed: z.boolean(),
						chunks: z.array(z.object({ kind: z.enum(['same', 'added', 'removed']), text: z.string() }))
					})
				)
			})
			.meta({ id: 'CharterComparison' })
	},
	async ({ params, query, ctx }) => {
		const { rows } = await compareVersions(ctx, params.id, query.a, query.b);
		return { a: query.a, b: query.b, rows };
	}
);
