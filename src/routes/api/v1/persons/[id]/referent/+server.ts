import { followup } from '$lib/server/api/v1';

export const PUT = followup.putPersonReferent;
