import { needs } from '$lib/server/api/v1';

export const GET = needs.listNeedsOperation;
export const POST = needs.addNeedOperation;
