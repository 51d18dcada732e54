import { coordinations } from '$lib/server/api/v1';

export const GET = coordinations.listCoordinations;
export const POST = coordinations.grantCoordination;
