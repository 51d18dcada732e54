import { coordinations } from '$lib/server/api/v1';

export const DELETE = coordinations.revokeCoordination;
