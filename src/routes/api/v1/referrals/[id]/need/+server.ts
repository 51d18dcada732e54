import { pingpong } from '$lib/server/api/v1';

export const POST = pingpong.needFromReferralOperation;
