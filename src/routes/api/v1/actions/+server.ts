import { governance } from '$lib/server/api/v1';

export const GET = governance.myActionsOperation;
export const POST = governance.createActionOperation;
