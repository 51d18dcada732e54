import { followup } from '$lib/server/api/v1';

export const GET = followup.listMyFollowed;
