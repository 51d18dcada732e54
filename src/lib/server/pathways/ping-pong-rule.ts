/**
 * The ping-pong rule (issue 11 §5), pure: a person sent from door to door.
 *
 * Within the window (the last W days, day W included, day W + 1 not), a referral of the person is a « rebond »
 * (bounce) when:
 * - it was refused or expired (at the time it ended), or
 * - it is a **re-referral**: created within the window, after an earlier referral of the same person had ended
 *   refused, expired or abandoned at most W days before it.
 * Each referral counts once even when it is both (a re-referral later refused). `threshold` bounces or more raise
 * the trigger `threshold`, with the bounces as the chain.
 * Independently, a referral created within the window to an organisation that had already refused the person
 * within the window raises `back_to_refuser`, with the refusals and that referral as the chain.
 */

export const PING_PONG_DEFAULTS = { threshold: 3, windowDays: 60 } as const;
export const PING_PONG_TRIGGERS = ['threshold', 'back_to_refuser'] as const;
export type PingPongTrigger = (typeof PING_PONG_TRIGGERS)[number];

export interface ReferralFact {
	id: string;
	toOrganisationId: string;
	status: string;
	createdAt: Date;
	/** when it ended (refused, expired, abandoned, completed); falls back to updatedAt when absent */
	closedAt: Date | null;
	updatedAt: Date;
}

export interface PingPongSettings {
	threshold: number;
	windowDays: number;
}

export interface Detection {
	trigger: PingPongTrigger;
	/** referral ids, oldest first */
	chain: string[];
}

const DAY = 86_400_000;
const FAILED = new Set(['refused', 'expired', 'abandoned']);
const BOUNCED = new Set(['refused', 'expired']);
const endOf = (r: ReferralFact) => r.closedAt ?? r.updatedAt;

/** Whether `r` is a re-referral: created after an earlier one ended refused/expired/abandoned at most W days before. */
export function isReReferral(r: ReferralFact, all: readonly ReferralFact[], windowDays: number): boolean {
	const created = r.createdAt.getTime();
	return all.some(
		(p) =>
			p.id !== r.id &&
			FAILED.has(p.status) &&
			endOf(p).getTime() <= created &&
			created - endOf(p).getTime() <= windowDays * DAY
	);
}

const byCreation = (rows: ReferralFact[]) =>
	[...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map((r) => r.id);

export function detectPingPong(
	referrals: readonly ReferralFact[],
	settings: PingPongSettings,
	now: Date
): Detection[] {
	const since = now.getTime() - settings.windowDays * DAY;
	const inWindow = (d: Date) => d.getTime() >= since && d.getTime() <= now.getTime();
	const found: Detection[] = [];

	const bounces = referrals.filter(
		(r) =>
			(BOUNCED.has(r.status) && inWindow(endOf(r))) ||
			(inWindow(r.createdAt) && isReReferral(r, referrals, settings.windowDays))
	);
	if (bounces.length >= settings.threshold) found.push({ trigger: 'threshold', chain: byCreation(bounces) });

	const backChain = new Map<string, ReferralFact>();
	for (const r of referrals) {
		if (!inWindow(r.createdAt)) continue;
		const refusals = referrals.filter(
			(p) =>
				p.id !== r.id &&
				p.status === 'refused' &&
				p.toOrganisationId === r.toOrganisationId &&
				inWindow(endOf(p)) &&
				endOf(p).getTime() <= r.createdAt.getTime()
		);
		if (!refusals.length) continue;
		for (const p of [...refusals, r]) backChain.set(p.id, p);
	}
	if (backChain.size) found.push({ trigger: 'back_to_refuser', chain: byCreation([...backChain.values()]) });
	return found;
}

/** Merges a flag's stored chain with a new detection (oldest first by the order given in `order`). */
export function mergeChain(stored: readonly string[], detected: readonly string[]): string[] {
	const result = [...stored];
	for (const id of detected) if (!result.includes(id)) result.push(id);
	return result;
}
