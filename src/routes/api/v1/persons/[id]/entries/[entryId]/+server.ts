import { followup } from '$lib/server/api/v1';

export const PATCH = followup.correctPersonEntry;
