import { INFO_CATEGORIES, type InfoCategory } from '../charters/content';

/**
 * THE rule of who sees what about a person (issue 11, DOMAIN.md): the holding organisation sees everything;
 * another organisation sees a category only if a consent of the person AND a sharing rule of the charter in force
 * of a cooperation both organisations belong to allow it. An open referral to an organisation shows it what the
 * referral needs (identity, contact, needs) under consent; break-glass shows everything for a limited time.
 * Pure: `personAccess` (access.ts) gathers the facts from the database and every page, API operation and export
 * goes through it.
 */

export type Ground = 'holder' | 'consent' | 'referral' | 'break-glass';

/** Why a category is hidden, most specific last (the most specific reason across the viewer's organisations wins). */
export const HIDDEN_REASONS = [
	'noConsent',
	'consentWithdrawn',
	'consentExpired',
	'categoryNotConsented',
	'noCooperation',
	'noCharter',
	'sharingRule'
] as const;
export type HiddenReason = (typeof HIDDEN_REASONS)[number];

export type CategoryAccess =
	{ visible: true; ground: Ground; organisationId: string } | { visible: false; reason: HiddenReason };

export interface ConsentFact {
	organisationIds: readonly string[];
	organisationKinds: readonly string[];
	categories: readonly string[];
	/** YYYY-MM-DD */
	givenOn: string;
	expiresOn: string | null;
	withdrawnAt: Date | null;
}

export interface SharingFacts {
	holderOrganisationId: string;
	/** the viewer's organisations where they are admin or member (readers never see people) */
	viewerOrganisations: readonly { id: string; kind: string }[];
	consents: readonly ConsentFact[];
	/**
	 * cooperations where the holder and one of the viewer's organisations are both parties: the viewer
	 * organisation, and the categories its kind of party may see under the charter in force (null: no charter in force)
	 */
	cooperations: readonly { organisationId: string; allowed: readonly InfoCategory[] | null }[];
	/** the viewer holds an unexpired break-glass grant for this person */
	breakGlassOrganisationId: string | null;
	/** viewer organisations that an open referral of this person is addressed to */
	openReferralOrganisationIds: readonly string[];
	/** today in Europe/Paris, YYYY-MM-DD */
	today: string;
}

/** What an open referral shows the receiving organisation (under consent): enough to contact and help. */
export const REFERRAL_CATEGORIES: readonly InfoCategory[] = ['identity', 'contact', 'needs'];

const rank = (r: HiddenReason) => HIDDEN_REASONS.indexOf(r);

function forOrganisation(
	facts: SharingFacts,
	org: { id: string; kind: string },
	category: InfoCategory
): CategoryAccess {
	const concerning = facts.consents.filter(
		(c) => c.organisationIds.includes(org.id) || c.organisationKinds.includes(org.kind)
	);
	if (!concerning.length) return { visible: false, reason: 'noConsent' };
	const live = concerning.filter(
		(c) => !c.withdrawnAt && c.givenOn <= facts.today && (!c.expiresOn || c.expiresOn >= facts.today)
	);
	if (!live.length)
		return {
			visible: false,
			reason: concerning.some((c) => !c.withdrawnAt) ? 'consentExpired' : 'consentWithdrawn'
		};
	if (!live.some((c) => c.categories.includes(category)))
		return { visible: false, reason: 'categoryNotConsented' };
	if (facts.openReferralOrganisationIds.includes(org.id) && REFERRAL_CATEGORIES.includes(category))
		return { visible: true, ground: 'referral', organisationId: org.id };
	const shared = facts.cooperations.filter((c) => c.organisationId === org.id);
	if (!shared.length) return { visible: false, reason: 'noCooperation' };
	if (shared.every((c) => c.allowed === null)) return { visible: false, reason: 'noCharter' };
	if (shared.some((c) => c.allowed?.includes(category)))
		return { visible: true, ground: 'consent', organisationId: org.id };
	return { visible: false, reason: 'sharingRule' };
}

export function decideCategory(facts: SharingFacts, category: InfoCategory): CategoryAccess {
	const holder = facts.viewerOrganisations.find((o) => o.id === facts.holderOrganisationId);
	if (holder) return { visible: true, ground: 'holder', organisationId: holder.id };
	if (facts.breakGlassOrganisationId)
		return { visible: true, ground: 'break-glass', organisationId: facts.breakGlassOrganisationId };
	let best: CategoryAccess = { visible: false, reason: 'noConsent' };
	for (const org of facts.viewerOrganisations) {
		const access = forOrganisation(facts, org, category);
		if (access.visible) return access;
		if (!best.visible && rank(access.reason) > rank(best.reason)) best = access;
	}
	return best;
}

export type CategoryMap = Record<InfoCategory, CategoryAccess>;

export function decideAll(facts: SharingFacts): CategoryMap {
	return Object.fromEntries(INFO_CATEGORIES.map((c) => [c, decideCategory(facts, c)])) as CategoryMap;
}

/** Whether the person exists at all for this viewer: at least one category visible (otherwise 404). */
export const seesAnything = (map: CategoryMap) => INFO_CATEGORIES.some((c) => map[c].visible);

/** The strongest ground among visible categories (for the read audit). */
export function groundOf(map: CategoryMap): Ground | null {
	const order: Ground[] = ['holder', 'break-glass', 'consent', 'referral'];
	const grounds = new Set(INFO_CATEGORIES.flatMap((c) => (map[c].visible ? [map[c].ground] : [])));
	return order.find((g) => grounds.has(g)) ?? null;
}

/**
 * Whether one follow-up entry is visible: its category must be, and its sharing level must let the viewer in
 * (author: its author only; organisation: members of the author's organisation; shared: the author's organisation
 * and whoever the category rule lets in).
 */
export function entryVisible(
	map: CategoryMap,
	entry: {
		category: InfoCategory;
		sharing: 'author' | 'organisation' | 'shared';
		authorUserId: string | null;
		organisationId: string;
	},
	viewer: { userId: string; organisationIds: readonly string[] }
): boolean {
	if (entry.sharing === 'author') return entry.authorUserId === viewer.userId;
	const ownOrganisation = viewer.organisationIds.includes(entry.organisationId);
	if (entry.sharing === 'organisation') return ownOrganisation;
	return ownOrganisation || map[entry.category].visible;
}
