import { referrals } from '$lib/server/api/v1';

export const GET = referrals.getReferralOperation;
