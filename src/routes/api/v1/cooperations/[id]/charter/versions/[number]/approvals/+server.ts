import { charters } from '$lib/server/api/v1';

export const POST = charters.decideCharterVersion;
