import type { Context } from '../context';
import { parisDay } from '../jobs/clock';
import { nowOf } from '../context';
import { NotFoundError } from '../errors';
import { auditMany, type AuditEntry } from '../audit/service';
import { organisationKinds } from '../organisations/service';
import { sharingBetween } from '../charters/queries';
import { open } from '../crypto/fields';
import { INFO_CATEGORIES, type InfoCategory } from '../charters/content';
import * as repo from './repository';
import {
	decideAll,
	groundOf,
	seesAnything,
	type CategoryMap,
	type Ground,
	type HiddenReason,
	type SharingFacts
} from './sharing';

/**
 * Gathers the facts of the sharing rule (sharing.ts) from the database for the acting user and a set of persons,
 * in a fixed number of queries whatever the number of persons. Every page, API operation and export that shows
 * anything about a person goes through `personAccess` / `personViews`, then `reveal`.
 */

export interface Viewer {
	userId: string;
	/** organisations where the actor is admin or member (readers never see people) */
	organisationIds: string[];
}

export interface PersonView {
	person: repo.PersonRow;
	categories: CategoryMap;
	/** strongest ground among the visible categories */
	ground: Ground;
	/** the viewer's organisation the access is counted for (audit), the holder's if the viewer belongs to it */
	organisationId: string;
	viewer: Viewer;
	isHolder: boolean;
}

/** A value the viewer may see, or why not. */
export type Shown<T> = { visible: true; value: T } | { visible: false; reason: HiddenReason };

export function viewerOf(ctx: Context): Viewer | null {
	const user = ctx.actor.user;
	if (!user) return null;
	const organisationIds = ctx.actor.memberships
		.filter((m) => m.role !== 'reader')
		.map((m) => m.organisationId);
	return { userId: user.id, organisationIds: [...new Set(organisationIds)] };
}

/** Everything visible to the holding organisation's own members: no query needed. */
const HOLDER_MAP = (organisationId: string): CategoryMap =>
	Object.fromEntries(
		INFO_CATEGORIES.map((c) => [c, { visible: true, ground: 'holder', organisationId }])
	) as CategoryMap;

/**
 * Category maps of several persons for the acting user (persons the viewer may not see map to no visible
 * category). Persons the viewer's organisation holds need no query; for the others, three statements whatever
 * their number: the persons' facts (consents, break-glass, referrals), the cooperations their holders share with
 * the viewer's organisations, and the sharing tables in force of those cooperations.
 */
export async function categoryMaps(
	ctx: Context,
	rows: readonly Pick<repo.PersonRow, 'id' | 'organisationId'>[],
	/** the persons' facts when the caller read them with the rows (findPersonsWithFacts) */
	known?: readonly repo.PersonSharingFacts[]
): Promise<Map<string, CategoryMap>> {
	const viewer = viewerOf(ctx);
	const viewerOrgIds = viewer?.organisationIds ?? [];
	const result = new Map<string, CategoryMap>();
	const outside: Pick<repo.PersonRow, 'id' | 'organisationId'>[] = [];
	for (const row of rows) {
		if (viewerOrgIds.includes(row.organisationId)) result.set(row.id, HOLDER_MAP(row.organisationId));
		else outside.push(row);
	}
	if (!outside.length) return result;
	const now = nowOf(ctx);
	// one statement after the other: inside a transaction they share one connection
	const facts =
		known ??
		(await repo.sharingFactsOf(
			ctx.db,
			outside.map((r) => r.id),
			{ userId: viewer?.userId ?? null, organisationIds: viewerOrgIds },
			now
		));
	const kinds = await viewerOrganisationKinds(ctx, viewerOrgIds);
	const shared = await sharingBetween(ctx, [...new Set(outside.map((r) => r.organisationId))], viewerOrgIds);
	const factsOf = new Map(facts.map((f) => [f.personId, f]));
	const today = parisDay(now);
	for (const row of outside) {
		const known = factsOf.get(row.id);
		const sharingFacts: SharingFacts = {
			holderOrganisationId: row.organisationId,
			viewerOrganisations: kinds.map((k) => ({ id: k.id, kind: k.kind })),
			consents: known?.consents ?? [],
			cooperations: shared
				.filter((c) => c.holderOrganisationId === row.organisationId)
				.map(({ organisationId, role, sharing }) => ({
					organisationId,
					allowed: sharing ? INFO_CATEGORIES.filter((cat) => sharing[cat]?.includes(role as never)) : null
				})),
			breakGlassOrganisationId: known?.breakGlassOrganisationId ?? null,
			openReferralOrganisationIds: known?.referralOrganisationIds ?? [],
			today
		};
		result.set(row.id, decideAll(sharingFacts));
	}
	return result;
}

/** The kinds of the viewer's organisations: resolved with the session, asked only of actors built without them. */
async function viewerOrganisationKinds(ctx: Context, organisationIds: readonly string[]) {
	const known = organisationIds.map((id) => {
		const m = ctx.actor.memberships.find((x) => x.organisationId === id);
		return { id, kind: m?.organisationKind };
	});
	if (known.every((k) => k.kind !== undefined)) return known as { id: string; kind: string }[];
	return organisationKinds(ctx, organisationIds);
}

function toView(ctx: Context, row: repo.PersonRow, categories: CategoryMap): PersonView | null {
	const viewer = viewerOf(ctx);
	const ground = groundOf(categories);
	if (!viewer || !ground || !seesAnything(categories) || row.status !== 'active') return null;
	const first = INFO_CATEGORIES.map((c) => categories[c]).find((a) => a.visible);
	return {
		person: row,
		categories,
		ground,
		organisationId: first && first.visible ? first.organisationId : row.organisationId,
		viewer,
		isHolder: ground === 'holder'
	};
}

/** The person as the acting user may see them; 404 when out of reach (never 403: existence is not disclosed). */
export async function personAccess(ctx: Context, personId: string): Promise<PersonView> {
	const [view] = await personViews(ctx, [personId]);
	if (!view) throw new NotFoundError('person', personId);
	return view;
}

/** Several persons at once (lists, dashboards): those out of reach are left out. */
export async function personViews(ctx: Context, personIds: readonly string[]): Promise<PersonView[]> {
	return (await personViewsAndReasons(ctx, personIds)).views;
}

/**
 * The same, with why each person out of reach is hidden (their identity's reason): a referral still stands for
 * its organisations when the person no longer does, and says why (« consentement retiré »…).
 */
export async function personViewsAndReasons(
	ctx: Context,
	personIds: readonly string[]
): Promise<{ views: PersonView[]; hidden: Map<string, HiddenReason> }> {
	const viewer = viewerOf(ctx);
	const found = await repo.findPersonsWithFacts(
		ctx.db,
		personIds,
		{ userId: viewer?.userId ?? null, organisationIds: viewer?.organisationIds ?? [] },
		nowOf(ctx)
	);
	const rows = found.map((f) => f.row);
	const maps = await categoryMaps(
		ctx,
		rows,
		found.flatMap((f) => (f.facts ? [f.facts] : []))
	);
	const views: PersonView[] = [];
	const hidden = new Map<string, HiddenReason>();
	for (const row of rows) {
		const map = maps.get(row.id)!;
		const view = toView(ctx, row, map);
		if (view) views.push(view);
		else if (!map.identity.visible) hidden.set(row.id, map.identity.reason);
	}
	return { views, hidden };
}

/** Opens a sealed value of a category if the view lets the viewer see it. */
export function reveal<T>(view: PersonView, category: InfoCategory, sealed: string | null): Shown<T | null> {
	const access = view.categories[category];
	if (!access.visible) return { visible: false, reason: access.reason };
	return { visible: true, value: sealed ? open<T>(sealed, view.person.id) : null };
}

/**
 * The read audit: one event per person shown, in the caller's transaction, with the ground and the categories
 * that were visible. `what` says what was read (person, entries, referral, export…); never any content.
 */
export async function auditPersonReads(
	ctx: Context,
	views: readonly PersonView[],
	what: string,
	details: Record<string, unknown> = {}
): Promise<void> {
	const entries: AuditEntry[] = views.map((v) => ({
		action: `person.read`,
		objectType: 'person',
		objectId: v.person.id,
		organisationId: v.organisationId,
		details: {
			what,
			ground: v.ground,
			categories: INFO_CATEGORIES.filter((c) => v.categories[c].visible),
			...details
		}
	}));
	await auditMany(ctx, entries);
}
