import type { Context } from '../context';

/**
 * Contract for the referrals area: called inside the use case's transaction after a referral is created,
 * refused or expires. Placeholder on main until the ping-pong area lands; it raises nothing yet.
 */
export async function afterReferralChange(ctx: Context, referralId: string): Promise<void> {
	void ctx;
	void referralId;
}
