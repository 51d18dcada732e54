import { decisions } from '$lib/server/api/v1';

export const GET = decisions.getDecisionOperation;
export const PATCH = decisions.updateDecisionOperation;
