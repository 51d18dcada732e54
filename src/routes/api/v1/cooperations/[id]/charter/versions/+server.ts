import { charters } from '$lib/server/api/v1';

export const GET = charters.listCharterVersions;
export const POST = charters.createCharterVersion;
