import { governanceActions } from '$lib/server/api/v1';

export const GET = governanceActions.myActionsOperation;
export const POST = governanceActions.createActionOperation;
