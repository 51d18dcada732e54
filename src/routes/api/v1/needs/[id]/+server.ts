import { needs } from '$lib/server/api/v1';

export const GET = needs.getNeedOperation;
export const PATCH = needs.updateNeedOperation;
