import { governance } from '$lib/server/api/v1';

export const GET = governance.getBodyOperation;
export const PATCH = governance.updateBodyOperation;
