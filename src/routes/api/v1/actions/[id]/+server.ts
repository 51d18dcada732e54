import { governance } from '$lib/server/api/v1';

export const GET = governance.getActionOperation;
export const PATCH = governance.updateActionOperation;
