import type { Context } from '../context';
import { parisDay } from '../jobs/clock';
import { nowOf } from '../context';
import { NotFoundError } from '../errors';
import { can } from '../policy/policy';
import { cooperationAccess, type CooperationAccess } from '../cooperations/service';
import * as repo from './repository';

/** Today's date in France (AAAA-MM-JJ): mandates and due dates are French calendar days. */
export function todayOf(ctx: Pick<Context, 'now'>): string {
	return parisDay(nowOf(ctx));
}

/** A seat is current until the end of its end date. */
export const isCurrent = (m: { endsOn: string | null }, today: string) => !m.endsOn || m.endsOn >= today;

export interface BodyAccess {
	body: repo.BodyRow;
	cooperation: CooperationAccess;
	members: repo.MemberView[];
	/** seats not ended, in order of start (the rotating chair's order) */
	current: repo.MemberView[];
	/** the actor holds a current seat of this body (or is a current seat's substitute) */
	isBodyMember: boolean;
	canRead: boolean;
	canManage: boolean;
	/** a "partage de situations" body: what is said there stays among its members */
	confidential: boolean;
}

/** A body as stored, with what the acting user may do there; every governance rule starts from this. */
export async function bodyAccess(ctx: Context, bodyId: string): Promise<BodyAccess> {
	const body = await repo.findBody(ctx.db, bodyId);
	if (!body) throw new NotFoundError('body', bodyId);
	const [cooperation, members] = await Promise.all([
		cooperationAccess(ctx, body.cooperationId),
		repo.membersOf(ctx.db, bodyId)
	]);
	const today = todayOf(ctx);
	const current = members.filter((m) => isCurrent(m, today));
	const userId = ctx.actor.user?.id;
	return {
		body,
		cooperation,
		members,
		current,
		isBodyMember: !!userId && current.some((m) => m.userId === userId || m.substituteUserId === userId),
		canRead: can(ctx.actor, 'read', 'body', cooperation.target),
		canManage: can(ctx.actor, 'update', 'body', cooperation.target),
		confidential: body.kind === 'partage_situations'
	};
}

/** Users of the body's current seats (and their substitutes): who hears of what happens in it. */
export function bodyAudience(access: BodyAccess): string[] {
	return [
		...new Set(
			access.current.flatMap((m) => (m.substituteUserId ? [m.userId, m.substituteUserId] : [m.userId]))
		)
	];
}
