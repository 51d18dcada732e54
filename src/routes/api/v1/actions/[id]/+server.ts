import { governanceActions } from '$lib/server/api/v1';

export const GET = governanceActions.getActionOperation;
export const PATCH = governanceActions.updateActionOperation;
