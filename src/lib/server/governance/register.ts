import type { Context } from '../context';
import { nowOf } from '../context';
import { NotFoundError, ValidationError } from '../errors';
import { authorize, can, ForbiddenError } from '../policy/policy';
import { audit } from '../audit/service';
import { cooperationAccess, type CooperationAccess } from '../cooperations/service';
import { territoryPath } from '../territories/service';
import type { TerritoryType } from '../policy/actor';
import * as repo from './register-repository';
import type { RegisterQueryInput } from './register-validation';

/**
 * The decisions register (issue 10 §6): per cooperation or per territory, searched by full text (accent-free,
 * French stems; a word the register does not know is looked up by trigram similarity, for typos), filtered, by
 * relevance then date. A search runs over the cooperations the actor may read (policy `decision:read`, written
 * again in SQL by readableScope()), and a « partage de situations » body's decisions reach its members only.
 */

export const PARTAGE = 'partage_situations';

/** AAAA-MM-JJ of the context's clock (the day a seat's end date is compared with). */
export const todayOf = (ctx: Context) => nowOf(ctx).toISOString().slice(0, 10);

/** Accent-free [a-z0-9] words, as the database's immutable_unaccent + lower see them. */
export function queryWords(q: string): string[] {
	return q
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/œ/g, 'oe')
		.replace(/æ/g, 'ae')
		.split(/[^a-z0-9]+/)
		.filter((w) => w.length >= 2)
		.slice(0, 12);
}

/** What `decision:read` grants, as SQL over the cooperations: null for instance admins (everything). */
function readableScope(ctx: Context): repo.CooperationScope['readable'] {
	if (ctx.actor.user?.isInstanceAdmin) return null;
	return {
		organisationIds: ctx.actor.memberships.map((m) => m.organisationId),
		coordinations: ctx.actor.coordinations.map((c) => repo.cooperationIn(c.type, c.code, c.communes ?? []))
	};
}

export interface RegisterPage {
	items: {
		id: string;
		cooperationId: string;
		cooperationName: string;
		bodyId: string;
		bodyName: string;
		bodyKind: string;
		title: string;
		excerpt: string;
		outcome: string;
		status: 'in_force' | 'amended' | 'reversed' | 'carried_out';
		decidedOn: string;
		reviewOn: string | null;
	}[];
	total: number;
	byStatus: Record<string, number>;
	approximateWords: string[];
}

/**
 * The full-text query of the words typed: AND of the words (the last one as a prefix), a stop word left out, a
 * word the register does not know replaced by the closest word of its vocabulary (and reported as approximate).
 * Words are [a-z0-9] only (queryWords): never tsquery operators.
 */
async function textQuery(ctx: Context, q: string | undefined) {
	const words = q ? queryWords(q) : [];
	const prefix = (w: string, i: number) => (i === words.length - 1 ? `${w}:*` : w);
	const checks = await repo.checkWords(
		ctx.db,
		words.map((word, i) => ({ word, term: prefix(word, i) }))
	);
	const terms: string[] = [];
	const approximateWords: string[] = [];
	let unanswerable = false;
	checks.forEach((c, i) => {
		if (c.kind === 'known') terms.push(prefix(words[i]!, i));
		else if (c.kind === 'corrected') {
			terms.push(c.word);
			approximateWords.push(words[i]!);
		} else if (c.kind === 'none') unanswerable = true;
	});
	return { tsquery: terms.length ? terms.join(' & ') : undefined, approximateWords, unanswerable };
}

/**
 * One page of the register. 401 without an account; a cooperation the actor may not read is a 403. `loaded`: the
 * cooperation of `filters.cooperation` when the caller has already loaded it (authorized here all the same).
 */
export async function searchRegister(
	ctx: Context,
	filters: RegisterQueryInput,
	loaded?: CooperationAccess
): Promise<RegisterPage> {
	if (!ctx.actor.user) throw new ForbiddenError('read', 'decision', false);
	if (filters.cooperation) {
		const access =
			loaded?.cooperation.id === filters.cooperation
				? loaded
				: await cooperationAccess(ctx, filters.cooperation);
		authorize(ctx.actor, 'read', 'decision', access.target);
	}
	let territory;
	if (filters.territory) {
		const [type, code] = filters.territory.split(':') as [TerritoryType, string];
		const place = await territoryPath(ctx, type, code);
		if (!Object.keys(place).length)
			throw new ValidationError([{ field: 'territory', message: 'decisions.territoryUnknown' }]);
		territory = repo.cooperationIn(type, code);
	}
	const text = await textQuery(ctx, filters.q);
	// a word found nowhere, even approximately: nothing has it (every word must match)
	if (text.unanswerable)
		return { items: [], total: 0, byStatus: {}, approximateWords: text.approximateWords };
	const scope = await repo.searchScope(
		ctx.db,
		{ readable: readableScope(ctx), cooperationId: filters.cooperation, territory, theme: filters.theme },
		ctx.actor.user.id,
		todayOf(ctx)
	);
	const found = await repo.searchRegister(ctx.db, {
		cooperationIds: scope.ids,
		hiddenBodyIds: scope.hiddenBodies,
		theme: filters.theme ? { cooperationIds: scope.themed, bodyIds: scope.themedBodies } : undefined,
		tsquery: text.tsquery,
		bodyId: filters.body,
		status: filters.status,
		from: filters.from,
		to: filters.to,
		limit: filters.limit,
		offset: filters.offset
	});
	return {
		items: found.hits.map((h) => ({
			id: h.id,
			cooperationId: h.cooperation_id,
			cooperationName: scope.names.get(h.cooperation_id) ?? '',
			bodyId: h.body_id,
			bodyName: h.body_name,
			bodyKind: h.body_kind,
			title: h.title,
			excerpt: h.excerpt,
			outcome: h.outcome,
			status: h.status as RegisterPage['items'][number]['status'],
			decidedOn: h.decided_on,
			reviewOn: h.review_on
		})),
		total: found.total,
		byStatus: found.byStatus,
		approximateWords: text.approximateWords
	};
}

/**
 * The latest decisions of a cooperation, for its page (same rules as the register); the cooperation may be given
 * as already loaded (`cooperationAccess`).
 */
export async function recentDecisions(ctx: Context, cooperation: string | CooperationAccess, limit = 5) {
	const loaded = typeof cooperation === 'string' ? undefined : cooperation;
	const id = loaded?.cooperation.id ?? (cooperation as string);
	const page = await searchRegister(ctx, { cooperation: id, limit, offset: 0 }, loaded);
	return page.items;
}

/** A cooperation's register header: the cooperation, its bodies (filter) and whether the actor keeps decisions. */
export async function cooperationRegister(ctx: Context, cooperationId: string) {
	const access = await cooperationAccess(ctx, cooperationId);
	authorize(ctx.actor, 'read', 'decision', access.target);
	return {
		cooperation: { id: access.cooperation.id, name: access.cooperation.name },
		bodies: await repo.bodiesOf(ctx.db, cooperationId)
	};
}

export interface DecisionAccess {
	row: NonNullable<Awaited<ReturnType<typeof repo.findDecision>>>;
	access: CooperationAccess;
}

/**
 * A stored decision the actor may read: `decision:read` on its cooperation; a « partage de situations » body's
 * decision exists only for the body's current members (a 404 for everyone else, instance admins included).
 */
export async function readableDecision(ctx: Context, id: string): Promise<DecisionAccess> {
	const row = await repo.findDecision(ctx.db, id);
	if (!row) throw new NotFoundError('decision', id);
	const access = await cooperationAccess(ctx, row.decision.cooperationId);
	authorize(ctx.actor, 'read', 'decision', access.target);
	if (row.bodyKind === PARTAGE) {
		const member =
			!!ctx.actor.user &&
			(await repo.isBodyMember(ctx.db, row.decision.bodyId, ctx.actor.user.id, todayOf(ctx)));
		if (!member) throw new NotFoundError('decision', id);
	}
	return { row, access };
}

/** A decision with its history, the actions carrying it out and the decisions amending or reversing it. */
export async function getDecision(ctx: Context, id: string) {
	const { row, access } = await readableDecision(ctx, id);
	const [history, actionRows, supersededBy] = await Promise.all([
		repo.historyOf(ctx.db, id),
		repo.actionsOf(ctx.db, id),
		repo.supersedingOf(ctx.db, id)
	]);
	// a « partage de situations » decision may be about people: its reading is journaled
	if (row.bodyKind === PARTAGE)
		await audit(ctx, { action: 'decision.read', objectType: 'decision', objectId: id });
	const d = row.decision;
	return {
		id: d.id,
		cooperationId: d.cooperationId,
		cooperationName: access.cooperation.name,
		bodyId: d.bodyId,
		bodyName: row.bodyName,
		bodyKind: row.bodyKind,
		meetingId: d.meetingId,
		title: d.title,
		text: d.text,
		outcome: d.outcome,
		decidedOn: d.decidedOn,
		reviewOn: d.reviewOn,
		status: d.status as RegisterPage['items'][number]['status'],
		supersedesId: d.supersedesId,
		canChange: can(ctx.actor, 'update', 'decision', access.target),
		history: history.map((h) => ({
			...h,
			changes: h.changes as Record<string, [unknown, unknown]>,
			changedAt: h.changedAt.toISOString()
		})),
		actions: actionRows,
		supersededBy
	};
}
