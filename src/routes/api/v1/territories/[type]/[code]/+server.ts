import { territories } from '$lib/server/api/v1';

export const GET = territories.getTerritory;
