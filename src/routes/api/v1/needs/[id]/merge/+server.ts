import { needs } from '$lib/server/api/v1';

export const POST = needs.mergeNeedOperation;
