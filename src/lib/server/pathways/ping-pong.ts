import type { Context } from '../context';
import { nowOf } from '../context';
import { audit } from '../audit/service';
import { notify } from '../notifications/service';
import { cooperationAccess } from '../cooperations/service';
import { communesOfZone } from '../territories/service';
import { covers, MANAGING_PARTIES } from '../policy/policy';
import type { ActorCoordination, CoordinatedType } from '../policy/actor';
import { findPerson } from './repository';
import * as repo from './ping-pong-repository';
import { detectPingPong, mergeChain, PING_PONG_DEFAULTS, type PingPongSettings } from './ping-pong-rule';

/**
 * Ping-pong detection (issue 11 §5): called by the referrals area inside its transaction after a referral is
 * created, refused or expires. Reads the person's referrals (SQL facts), applies the pure rule (ping-pong-rule.ts)
 * with the settings of the referral's cooperation (else 3 within 60 days), and keeps one open flag per person and
 * trigger: a new event extends its chain instead of raising another. The person's référent and the cooperation's
 * coordinators are told (no person data in the notice: a link with ids only).
 */
export async function afterReferralChange(ctx: Context, referralId: string): Promise<void> {
	const head = await repo.referralHead(ctx.db, referralId);
	if (!head) return;
	const settings = await pingPongSettings(ctx, head.cooperationId);
	const facts = await repo.referralFactsOf(ctx.db, head.personId);
	const now = nowOf(ctx);
	for (const detection of detectPingPong(facts, settings, now)) {
		const open = await repo.openFlagOf(ctx.db, head.personId, detection.trigger);
		let flagId: string;
		let chain: string[];
		if (open) {
			chain = mergeChain(open.chain, detection.chain);
			if (chain.length === open.chain.length) continue;
			await repo.updateFlagChain(ctx.db, open.id, chain, head.cooperationId);
			flagId = open.id;
		} else {
			chain = detection.chain;
			const flag = await repo.insertFlag(ctx.db, {
				personId: head.personId,
				cooperationId: head.cooperationId,
				trigger: detection.trigger,
				chain,
				raisedAt: now
			});
			flagId = flag.id;
		}
		await audit(ctx, {
			action: open ? 'pathways.pingpong.extend' : 'pathways.pingpong.raise',
			objectType: 'pingPongFlag',
			objectId: flagId,
			details: { trigger: detection.trigger, chain, referralId, ...settings }
		});
		await tell(ctx, {
			flagId,
			personId: head.personId,
			cooperationId: open?.cooperationId ?? head.cooperationId,
			chainLength: chain.length
		});
	}
}

/** The threshold and window of a cooperation (its row in pathway_settings), else the defaults. */
export async function pingPongSettings(
	ctx: Pick<Context, 'db'>,
	cooperationId: string | null
): Promise<PingPongSettings> {
	const row = cooperationId ? await repo.settingsOf(ctx.db, cooperationId) : undefined;
	return row
		? { threshold: row.pingPongThreshold, windowDays: row.pingPongWindowDays }
		: { ...PING_PONG_DEFAULTS };
}

/** Who hears of a flag: the person's référent, and the cooperation's coordinators (managing parties, territory). */
export async function flagRecipients(
	ctx: Context,
	personId: string,
	cooperationId: string | null
): Promise<{ referent: string[]; coordinators: string[] }> {
	const person = await findPerson(ctx.db, personId);
	const referent = person?.referentUserId ? [person.referentUserId] : [];
	if (!cooperationId) return { referent, coordinators: [] };
	const access = await cooperationAccess(ctx, cooperationId);
	const place = access.target.place;
	const [members, rows] = await Promise.all([
		repo.managingMembers(ctx.db, cooperationId, MANAGING_PARTIES),
		repo.activeCoordinationRows(ctx.db)
	]);
	const territorial: string[] = [];
	for (const row of rows) {
		const type = row.territoryType as CoordinatedType;
		const scope: ActorCoordination =
			type === 'zone'
				? { type, code: row.territoryCode, communes: (await communesOfZone(ctx, row.territoryCode)) ?? [] }
				: { type, code: row.territoryCode };
		if (covers(scope, place)) territorial.push(row.userId);
	}
	return { referent, coordinators: [...new Set([...members, ...territorial])] };
}

async function tell(
	ctx: Context,
	input: { flagId: string; personId: string; cooperationId: string | null; chainLength: number }
) {
	const { referent, coordinators } = await flagRecipients(ctx, input.personId, input.cooperationId);
	const key = `${input.flagId}:${input.chainLength}`;
	const title = 'Alerte ping-pong : une personne a été orientée plusieurs fois sans solution';
	if (referent.length)
		await notify(ctx, {
			kind: 'pathways.pingpong.referent',
			title,
			text: 'Une personne dont vous êtes référent de parcours a été signalée : consultez ses orientations.',
			url: `/personnes/${input.personId}/orientations`,
			cooperationId: input.cooperationId,
			recipients: referent,
			dedupeKey: `pathways.pingpong.referent:${key}`
		});
	const others = coordinators.filter((u) => !referent.includes(u));
	if (others.length)
		await notify(ctx, {
			kind: 'pathways.pingpong.coordinator',
			title,
			text: 'Consultez la chaîne des orientations et indiquez ce qui a été fait.',
			url: '/orientations/alertes',
			cooperationId: input.cooperationId,
			recipients: others,
			dedupeKey: `pathways.pingpong.coordinator:${key}`
		});
}
