import { charters } from '$lib/server/api/v1';

export const GET = charters.getCharterVersion;
export const PATCH = charters.updateCharterVersion;
