import { decisions } from '$lib/server/api/v1';

export const POST = decisions.changeDecisionStatusOperation;
