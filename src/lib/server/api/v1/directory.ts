import { z } from 'zod';
import { operation } from '../operation';
import { idParamsSchema } from '../common';
import * as directory from '../../directory/service';
import { toServiceDto } from '../../directory/dto';
import {
	serviceInputSchema,
	servicePatchSchema,
	serviceSchema,
	structureCreateSchema,
	structurePatchSchema
} from '../../directory/validation';

const structureSchema = z
	.object({
		id: z.uuid(),
		name: z.string(),
		organisationId: z.uuid().nullable(),
		communeCode: z.string().nullable()
	})
	.meta({ id: 'Structure' });

export const createStructure = operation(
	{
		method: 'POST',
		path: '/structures',
		operationId: 'createStructure',
		summary: 'Créer une structure (organisme qui porte des services)',
		tag: 'directory',
		auth: 'session',
		body: structureCreateSchema,
		response: structureSchema,
		status: 201
	},
	async ({ body, ctx }) => {
		const s = await directory.createStructure(ctx, body);
		return { id: s.id, name: s.name, organisationId: s.organisationId, communeCode: s.communeCode };
	}
);

const structureDetailSchema = z
	.object({
		id: z.uuid(),
		name: z.string(),
		description: z.string(),
		organisationId: z.uuid().nullable(),
		siret: z.string().nullable(),
		communeCode: z.string().nullable(),
		postalCode: z.string().nullable(),
		address: z.string().nullable(),
		addressComplement: z.string().nullable(),
		latitude: z.number().nullable(),
		longitude: z.number().nullable(),
		phone: z.string().nullable(),
		email: z.string().nullable(),
		website: z.string().nullable(),
		openingHours: z.string().nullable(),
		accessibilityUrl: z.string().nullable(),
		networks: z.array(z.string())
	})
	.meta({ id: 'StructureDetail' });

type StructureRow = Awaited<ReturnType<typeof directory.updateStructure>>;
const structureDetail = (s: StructureRow) => ({
	id: s.id,
	name: s.name,
	description: s.description,
	organisationId: s.organisationId,
	siret: s.siret,
	communeCode: s.communeCode,
	postalCode: s.postalCode,
	address: s.address,
	addressComplement: s.addressComplement,
	latitude: s.latitude,
	longitude: s.longitude,
	phone: s.phone,
	email: s.email,
	website: s.website,
	openingHours: s.openingHours,
	accessibilityUrl: s.accessibilityUrl,
	networks: s.networks
});

export const getStructure = operation(
	{
		method: 'GET',
		path: '/structures/{id}',
		operationId: 'getStructure',
		summary: 'Une structure (publique)',
		tag: 'directory',
		auth: 'public',
		params: idParamsSchema,
		response: structureDetailSchema
	},
	async ({ params, ctx }) => structureDetail((await directory.getStructure(ctx, params.id)).structure)
);

export const updateStructure = operation(
	{
		method: 'PATCH',
		path: '/structures/{id}',
		operationId: 'updateStructure',
		summary: 'Modifier une structure (champs envoyés seulement ; membres de son organisation, coordinateurs)',
		tag: 'directory',
		auth: 'session',
		params: idParamsSchema,
		body: structurePatchSchema,
		response: structureDetailSchema
	},
	async ({ params, body, ctx }) => structureDetail(await directory.updateStructure(ctx, params.id, body))
);

async function dto(ctx: Parameters<typeof directory.getService>[0], id: string) {
	const { service, structure } = await directory.getService(ctx, id);
	return toServiceDto(service, structure);
}

export const createService = operation(
	{
		method: 'POST',
		path: '/services',
		operationId: 'createService',
		summary: 'Créer un service dans une structure de son organisation',
		tag: 'directory',
		auth: 'session',
		body: serviceInputSchema,
		response: serviceSchema,
		status: 201
	},
	async ({ body, ctx }) => dto(ctx, (await directory.createService(ctx, body)).id)
);

export const updateService = operation(
	{
		method: 'PATCH',
		path: '/services/{id}',
		operationId: 'updateService',
		summary: 'Modifier un service (membres de son organisation, coordinateurs du territoire)',
		tag: 'directory',
		auth: 'session',
		params: idParamsSchema,
		body: servicePatchSchema,
		response: serviceSchema
	},
	async ({ params, body, ctx }) => {
		await directory.updateService(ctx, params.id, body);
		return dto(ctx, params.id);
	}
);

export const deleteService = operation(
	{
		method: 'DELETE',
		path: '/services/{id}',
		operationId: 'deleteService',
		summary: 'Supprimer un service',
		tag: 'directory',
		auth: 'session',
		params: idParamsSchema,
		response: z.null(),
		status: 204
	},
	async ({ params, ctx }) => {
		await directory.deleteService(ctx, params.id);
		return null;
	}
);

export const checkService = operation(
	{
		method: 'POST',
		path: '/services/{id}/check',
		operationId: 'checkService',
		summary: 'Confirmer qu’un service est toujours à jour (« vérifié le »)',
		tag: 'directory',
		auth: 'session',
		params: idParamsSchema,
		response: serviceSchema
	},
	async ({ params, ctx }) => {
		await directory.markServiceChecked(ctx, params.id);
		return dto(ctx, params.id);
	}
);
