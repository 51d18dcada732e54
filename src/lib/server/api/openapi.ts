import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { registry, type AnySpec } from './operation';
import { errorSchema } from './errors';
import './v1/index';

const ERRORS = {
	'400': 'Requête invalide (détail par champ)',
	'401': 'Connexion requise',
	'403': 'Accès refusé',
	'404': 'Introuvable',
	'429': 'Trop de tentatives'
};

/** Only operations that read a body answer these. */
const BODY_ERRORS = {
	'413': 'Corps de la requête trop volumineux',
	'415': 'Type de contenu non pris en charge'
};

function operationObject(spec: AnySpec): ZodOpenApiOperationObject {
	const success = String(spec.status ?? 200);
	const hasBody = !!(spec.body || spec.rawBody);
	const errorResponses = Object.fromEntries(
		Object.entries({ ...ERRORS, ...(hasBody ? BODY_ERRORS : {}) }).map(([code, description]) => [
			code,
			{ description, content: { 'application/json': { schema: errorSchema } } }
		])
	);
	return {
		operationId: spec.operationId,
		summary: spec.summary,
		tags: [spec.tag],
		...(spec.auth === 'session' ? { security: [{ session: [] }] } : {}),
		requestParams: {
			...(spec.params ? { path: spec.params } : {}),
			...(spec.query ? { query: spec.query } : {})
		},
		...(spec.body ? { requestBody: { content: { 'application/json': { schema: spec.body } } } } : {}),
		...(spec.rawBody
			? {
					requestBody: {
						required: true,
						description: `${Math.floor(spec.rawBody.maxBytes / 1024 / 1024)} Mo au plus`,
						content: Object.fromEntries(
							spec.rawBody.contentTypes.map((type) => [
								type,
								{ schema: z.string().meta({ format: 'binary' }) }
							])
						)
					}
				}
			: {}),
		responses: {
			[success]:
				spec.status === 204
					? { description: 'Fait' }
					: { description: 'Succès', content: { 'application/json': { schema: spec.response } } },
			...errorResponses
		}
	};
}

/** The OpenAPI 3.1 document, generated from the zod schemas that validate each request. */
export function buildOpenApiDocument() {
	const paths: ZodOpenApiPathsObject = {};
	for (const { spec } of registry) {
		paths[spec.path] = { ...paths[spec.path], [spec.method.toLowerCase()]: operationObject(spec) };
	}
	return createDocument({
		openapi: '3.1.0',
		info: {
			title: 'Maillage API',
			version: '1.0.0',
			description: 'API de Maillage, plateforme de coopération sociale territoriale. Réponses en JSON.'
		},
		servers: [{ url: '/api/v1' }],
		components: {
			securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'maillage_session' } }
		},
		paths
	});
}

export { z };
