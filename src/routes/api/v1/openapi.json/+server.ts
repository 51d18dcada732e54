import { json } from '@sveltejs/kit';
import { buildOpenApiDocument } from '$lib/server/api/openapi';

export const GET = () => json(buildOpenApiDocument());
