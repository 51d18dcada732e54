import { territories } from '$lib/server/api/v1';

export const GET = territories.getZone;
export const DELETE = territories.deleteZone;
