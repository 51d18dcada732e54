import { z } from 'zod';
import { operation } from '../operation';
import { idParamsSchema } from '../common';
import { translator } from '../../../i18n/index';
import { correspondentInputSchema, correspondentPatchSchema } from '../../directory/validation';
import * as correspondents from '../../directory/correspondents';
import * as referential from '../../directory/referential';
import { matrixCsv, matrixQuerySchema, whoDoesWhat } from '../../directory/matrix';

/** Partners' side of the directory: correspondents, the Politique → Mission → Action tree, the matrix. */

const correspondentSchema = z
	.object({
		id: z.uuid(),
		structureId: z.uuid(),
		theme: z.string(),
		fullName: z.string(),
		jobTitle: z.string(),
		phone: z.string().nullable(),
		email: z.string().nullable(),
		createdAt: z.string()
	})
	.meta({ id: 'Correspondent' });

const correspondentDto = (c: correspondents.CorrespondentRow) => ({
	id: c.id,
	structureId: c.structureId,
	theme: c.theme,
	fullName: c.fullName,
	jobTitle: c.jobTitle,
	phone: c.phone,
	email: c.email,
	createdAt: c.createdAt.toISOString()
});

export const listCorrespondents = operation(
	{
		method: 'GET',
		path: '/structures/{id}/correspondents',
		operationId: 'listCorrespondents',
		summary: 'Correspondants d’une structure par thème (partenaires connectés seulement)',
		tag: 'directory',
		auth: 'session',
		params: idParamsSchema,
		response: z.object({ items: z.array(correspondentSchema) })
	},
	async ({ params, ctx }) => ({
		items: (await correspondents.listCorrespondents(ctx, params.id)).map(correspondentDto)
	})
);

export const createCorrespondent = operation(
	{
		method: 'POST',
		path: '/structures/{id}/correspondents',
		operationId: 'createCorrespondent',
		summary: 'Ajouter un correspondant à une structure',
		tag: 'directory',
		auth: 'session',
		params: idParamsSchema,
		body: correspondentInputSchema,
		response: correspondentSchema,
		status: 201
	},
	async ({ params, body, ctx }) =>
		correspondentDto(await correspondents.createCorrespondent(ctx, params.id, body))
);

export const updateCorrespondent = operation(
	{
		method: 'PATCH',
		path: '/correspondents/{id}',
		operationId: 'updateCorrespondent',
		summary: 'Modifier un correspondant',
		tag: 'directory',
		auth: 'session',
		params: idParamsSchema,
		body: correspondentPatchSchema,
		response: correspondentSchema
	},
	async ({ params, body, ctx }) =>
		correspondentDto(await correspondents.updateCorrespondent(ctx, params.id, body))
);

export const deleteCorrespondent = operation(
	{
		method: 'DELETE',
		path: '/correspondents/{id}',
		operationId: 'deleteCorrespondent',
		summary: 'Retirer un correspondant',
		tag: 'directory',
		auth: 'session',
		params: idParamsSchema,
		response: z.null(),
		status: 204
	},
	async ({ params, ctx }) => {
		await correspondents.deleteCorrespondent(ctx, params.id);
		return null;
	}
);

const attachedServiceSchema = z.object({ id: z.uuid(), name: z.string(), structureName: z.string() });

type TreeNodeOut = {
	id: string;
	parentId: string | null;
	level: referential.Level;
	name: string;
	description: string;
	position: number;
	services: z.infer<typeof attachedServiceSchema>[];
	serviceCount: number;
	children: TreeNodeOut[];
};

const treeNodeSchema: z.ZodType<TreeNodeOut> = z
	.object({
		id: z.uuid(),
		parentId: z.uuid().nullable(),
		level: z.enum(referential.LEVELS),
		name: z.string(),
		description: z.string(),
		position: z.number().int(),
		services: z.array(attachedServiceSchema),
		serviceCount: z.number().int(),
		get children() {
			return z.array(treeNodeSchema);
		}
	})
	.meta({ id: 'ReferentialNode' });

const nodeSchema = z
	.object({
		id: z.uuid(),
		parentId: z.uuid().nullable(),
		level: z.enum(referential.LEVELS),
		name: z.string(),
		description: z.string(),
		position: z.number().int(),
		departementCode: z.string()
	})
	.meta({ id: 'ReferentialNodeSummary' });

const nodeDto = (n: Awaited<ReturnType<typeof referential.updateNode>>) => ({
	id: n.id,
	parentId: n.parentId,
	level: n.level as referential.Level,
	name: n.name,
	description: n.description,
	position: n.position,
	departementCode: n.departementCode
});

export const getReferential = operation(
	{
		method: 'GET',
		path: '/referential',
		operationId: 'getReferential',
		summary: 'Arbre Politique → Mission → Action d’un département, avec les services rattachés',
		tag: 'directory',
		auth: 'public',
		query: z.object({ departement: referential.departementCodeSchema }),
		response: z.object({ departement: z.string(), items: z.array(treeNodeSchema) })
	},
	async ({ query, ctx }) => ({
		departement: query.departement,
		items: await referential.referentialTree(ctx, query.departement)
	})
);

export const createReferentialNode = operation(
	{
		method: 'POST',
		path: '/referential',
		operationId: 'createReferentialNode',
		summary: 'Ajouter une politique, une mission (sous une politique) ou une action (sous une mission)',
		tag: 'directory',
		auth: 'session',
		body: referential.nodeInputSchema,
		response: nodeSchema,
		status: 201
	},
	async ({ body, ctx }) => nodeDto(await referential.createNode(ctx, body))
);

export const updateReferentialNode = operation(
	{
		method: 'PATCH',
		path: '/referential/{id}',
		operationId: 'updateReferentialNode',
		summary: 'Renommer, décrire ou déplacer un nœud de l’arbre',
		tag: 'directory',
		auth: 'session',
		params: idParamsSchema,
		body: referential.nodePatchSchema,
		response: nodeSchema
	},
	async ({ params, body, ctx }) => nodeDto(await referential.updateNode(ctx, params.id, body))
);

export const deleteReferentialNode = operation(
	{
		method: 'DELETE',
		path: '/referential/{id}',
		operationId: 'deleteReferentialNode',
		summary: 'Supprimer un nœud ; avec des enfants, seulement avec confirm=true (tout le sous-arbre part)',
		tag: 'directory',
		auth: 'session',
		params: idParamsSchema,
		query: z.object({ confirm: z.enum(['true', 'false']).default('false') }),
		response: z.null(),
		status: 204
	},
	async ({ params, query, ctx }) => {
		await referential.deleteNode(ctx, params.id, { confirm: query.confirm === 'true' });
		return null;
	}
);

const attachParams = z.object({ id: z.uuid('id.invalid'), serviceId: z.uuid('id.invalid') });

export const attachReferentialService = operation(
	{
		method: 'POST',
		path: '/referential/{id}/services/{serviceId}',
		operationId: 'attachReferentialService',
		summary: 'Rattacher un service à une action',
		tag: 'directory',
		auth: 'session',
		params: attachParams,
		response: z.null(),
		status: 204
	},
	async ({ params, ctx }) => {
		await referential.attachService(ctx, params.id, params.serviceId);
		return null;
	}
);

export const detachReferentialService = operation(
	{
		method: 'DELETE',
		path: '/referential/{id}/services/{serviceId}',
		operationId: 'detachReferentialService',
		summary: 'Détacher un service d’une action',
		tag: 'directory',
		auth: 'session',
		params: attachParams,
		response: z.null(),
		status: 204
	},
	async ({ params, ctx }) => {
		await referential.detachService(ctx, params.id, params.serviceId);
		return null;
	}
);

const matrixSchema = z
	.object({
		territory: z.object({ type: z.string(), code: z.string(), name: z.string() }),
		rowsKind: z.enum(['categories', 'thematiques', 'missions']),
		rows: z.array(z.object({ key: z.string(), label: z.string() })),
		columns: z.array(z.object({ key: z.string(), label: z.string() })),
		cells: z.array(
			z.object({
				row: z.string(),
				column: z.string(),
				services: z.array(z.object({ id: z.uuid(), name: z.string(), structureId: z.uuid() }))
			})
		),
		serviceCount: z.number().int()
	})
	.meta({ id: 'Matrix' });

export const getMatrix = operation(
	{
		method: 'GET',
		path: '/matrix',
		operationId: 'getMatrix',
		summary:
			'Qui fait quoi sur un territoire (territory=departement:46, rows=categories|thematiques|missions)',
		tag: 'directory',
		auth: 'public',
		query: matrixQuerySchema,
		response: matrixSchema
	},
	async ({ query, ctx, event }) => whoDoesWhat(ctx, query, translator(event.locals.locale))
);

export const getMatrixCsv = operation(
	{
		method: 'GET',
		path: '/matrix.csv',
		operationId: 'getMatrixCsv',
		summary: 'La même matrice en CSV (UTF-8 avec BOM, séparateur « ; »)',
		tag: 'directory',
		auth: 'public',
		query: matrixQuerySchema,
		response: z.string()
	},
	async ({ query, ctx, event }) => {
		const t = translator(event.locals.locale);
		const matrix = await whoDoesWhat(ctx, query, t);
		const name = `qui-fait-quoi-${query.territory.type}-${query.territory.code}-${query.rows}.csv`;
		return new Response(matrixCsv(matrix, t(`directory.matrix.rowsHeading.${query.rows}`)), {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="${name}"`
			}
		});
	}
);
