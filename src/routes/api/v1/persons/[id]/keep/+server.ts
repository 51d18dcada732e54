import { rights } from '$lib/server/api/v1';

export const POST = rights.keepPersonOperation;
