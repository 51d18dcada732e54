import { referrals } from '$lib/server/api/v1';

export const GET = referrals.getReferralSettingsOperation;
export const PUT = referrals.putReferralSettingsOperation;
