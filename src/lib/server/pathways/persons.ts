import type { Context } from '../context';
import { parisDay } from '../jobs/clock';
import { nowOf } from '../context';
import { NotFoundError, ValidationError, type FieldIssue } from '../errors';
import { authorize, ForbiddenError } from '../policy/policy';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import { getTerritory } from '../territories/service';
import { organisationKinds } from '../organisations/service';
import { duplicateKey, nameTokens, queryTokens, seal } from '../crypto/fields';
import { INFO_CATEGORIES, type InfoCategory } from '../charters/content';
import * as base from './repository';
import * as repo from './persons-repository';
import {
	auditPersonReads,
	personAccess,
	personViews,
	reveal,
	viewerOf,
	type PersonView,
	type Shown
} from './access';
import {
	EDITABLE_FIELDS,
	type PersonInput,
	type PersonListQuery,
	type PersonPatch
} from './persons-validation';

/**
 * Person records (issue 11, item 1): created and kept by the professionals (admin, member) of the holding
 * organisation; everything naming or describing the person is sealed; reads go through personAccess and are audited.
 */

export interface Identity {
	firstName: string;
	lastName: string;
	usualName?: string | null;
	birthDate?: string | null;
}
export interface Contact {
	phone?: string | null;
	email?: string | null;
	address?: string | null;
}

/** The organisations where the actor may hold persons (admin or member; never readers, never by instance role). */
export function holdingOrganisations(ctx: Context): string[] {
	return viewerOf(ctx)?.organisationIds ?? [];
}

function requireHolderMembership(ctx: Context, organisationId: string, action: 'create' | 'update') {
	authorize(ctx.actor, action, 'person', { organisationId });
	// the policy lets an instance administrator through; people are never theirs without a membership
	if (!holdingOrganisations(ctx).includes(organisationId))
		throw new ForbiddenError(action, 'person', ctx.actor.user !== null);
}

async function checkCommune(ctx: Context, code: string | null | undefined, issues: FieldIssue[]) {
	if (!code) return;
	try {
		await getTerritory(ctx, 'commune', code);
	} catch (e) {
		if (e instanceof NotFoundError) issues.push({ field: 'communeCode', message: `commune.unknown:${code}` });
		else throw e;
	}
}

function checkBirthDate(ctx: Context, birthDate: string | null | undefined, issues: FieldIssue[]) {
	if (birthDate && birthDate > parisDay(nowOf(ctx)))
		issues.push({ field: 'birthDate', message: 'persons.birthDate.future' });
}

const tokensOf = (i: Identity) => nameTokens([i.firstName, i.lastName, i.usualName ?? ''].filter(Boolean));

/** Keys looked up for duplicates: same names and birth date, and same names where one side has no birth date. */
const duplicateKeys = (i: Identity) => [
	...new Set([
		duplicateKey(i.firstName, i.lastName, i.birthDate ?? null),
		duplicateKey(i.firstName, i.lastName, null)
	])
];

/** Creates a person held by `input.organisationId`; a likely duplicate is refused unless confirmed. */
export async function createPerson(ctx: Context, input: PersonInput): Promise<{ id: string }> {
	requireHolderMembership(ctx, input.organisationId, 'create');
	const issues: FieldIssue[] = [];
	await checkCommune(ctx, input.communeCode, issues);
	checkBirthDate(ctx, input.birthDate, issues);
	if (issues.length) throw new ValidationError(issues);
	const identity: Identity = {
		firstName: input.firstName,
		lastName: input.lastName,
		usualName: input.usualName ?? null,
		birthDate: input.birthDate ?? null
	};
	return inTransaction(ctx, async (tx) => {
		if (!input.confirmDuplicate) {
			const [existing] = await repo.findDuplicates(tx.db, input.organisationId, duplicateKeys(identity));
			if (existing)
				throw new ValidationError([{ field: 'duplicate', message: `persons.duplicate:${existing.id}` }]);
		}
		const id = crypto.randomUUID();
		const contact: Contact = {
			phone: input.phone ?? null,
			email: input.email ?? null,
			address: input.address ?? null
		};
		const userId = ctx.actor.user!.id;
		await base.insertPerson(tx.db, {
			id,
			organisationId: input.organisationId,
			identitySealed: seal(identity, id),
			contactSealed: seal(contact, id),
			situationSealed: input.situation ? seal(input.situation, id) : null,
			nameTokens: tokensOf(identity),
			duplicateKey: duplicateKey(identity.firstName, identity.lastName, identity.birthDate ?? null),
			communeCode: input.communeCode ?? null,
			preferredLanguage: input.preferredLanguage ?? null,
			createdBy: userId,
			referentUserId: userId,
			referentOrganisationId: input.organisationId,
			createdAt: nowOf(ctx),
			updatedAt: nowOf(ctx),
			lastActivityAt: nowOf(ctx)
		});
		await audit(tx, {
			action: 'person.create',
			objectType: 'person',
			objectId: id,
			organisationId: input.organisationId,
			details: { duplicateConfirmed: Boolean(input.confirmDuplicate) }
		});
		return { id };
	});
}

/** The stored person as its holder may change it (404 outside reach, 403 for a partner who only sees it). */
async function heldView(ctx: Context, personId: string): Promise<PersonView> {
	const view = await personAccess(ctx, personId);
	if (!view.isHolder) throw new ForbiddenError('update', 'person', true);
	requireHolderMembership(ctx, view.person.organisationId, 'update');
	return view;
}

/** What the holder's edit form shows: the current values, decrypted, each as the text of its field. */
export type EditableValues = Record<(typeof EDITABLE_FIELDS)[number], string>;

/**
 * The record as its edit form prefills it: only the holder's professionals (the rule of updatePerson: 404 outside
 * reach, 403 for a partner who only sees the person); the read is audited.
 */
export async function getPersonForEdit(ctx: Context, personId: string): Promise<EditableValues> {
	return inTransaction(ctx, async (tx) => {
		const view = await heldView(tx, personId);
		await auditPersonReads(tx, [view], 'edit');
		const { person } = view;
		const identity = reveal<Identity>(view, 'identity', person.identitySealed);
		const contact = reveal<Contact>(view, 'contact', person.contactSealed);
		const situation = reveal<string>(view, 'situation', person.situationSealed);
		const i = identity.visible ? identity.value : null;
		const c = contact.visible ? contact.value : null;
		return {
			firstName: i?.firstName ?? '',
			lastName: i?.lastName ?? '',
			usualName: i?.usualName ?? '',
			birthDate: i?.birthDate ?? '',
			communeCode: person.communeCode ?? '',
			preferredLanguage: person.preferredLanguage ?? '',
			phone: c?.phone ?? '',
			email: c?.email ?? '',
			address: c?.address ?? '',
			situation: (situation.visible ? situation.value : null) ?? ''
		};
	});
}

const IDENTITY_FIELDS = ['firstName', 'lastName', 'usualName', 'birthDate'] as const;
const CONTACT_FIELDS = ['phone', 'email', 'address'] as const;

/** Changes only the fields sent; the identity and contact are re-sealed whole with the merged values. */
export async function updatePerson(ctx: Context, personId: string, patch: PersonPatch): Promise<void> {
	const issues: FieldIssue[] = [];
	await checkCommune(ctx, patch.communeCode, issues);
	checkBirthDate(ctx, patch.birthDate, issues);
	if (issues.length) throw new ValidationError(issues);
	await inTransaction(ctx, async (tx) => {
		const view = await heldView(tx, personId);
		const { person } = view;
		const changes: Partial<base.PersonRow> = {};
		const sent = Object.keys(patch).filter((k) => patch[k as keyof PersonPatch] !== undefined);
		if (IDENTITY_FIELDS.some((k) => patch[k] !== undefined)) {
			const current = reveal<Identity>(view, 'identity', person.identitySealed);
			const identity = {
				...(current.visible ? current.value : null),
				...pick(patch, IDENTITY_FIELDS)
			} as Identity;
			changes.identitySealed = seal(identity, person.id);
			changes.nameTokens = tokensOf(identity);
			changes.duplicateKey = duplicateKey(identity.firstName, identity.lastName, identity.birthDate ?? null);
		}
		if (CONTACT_FIELDS.some((k) => patch[k] !== undefined)) {
			const current = reveal<Contact>(view, 'contact', person.contactSealed);
			const contact = { ...(current.visible ? current.value : null), ...pick(patch, CONTACT_FIELDS) };
			changes.contactSealed = seal(contact, person.id);
		}
		if (patch.situation !== undefined)
			changes.situationSealed = patch.situation ? seal(patch.situation, person.id) : null;
		if (patch.communeCode !== undefined) changes.communeCode = patch.communeCode;
		if (patch.preferredLanguage !== undefined) changes.preferredLanguage = patch.preferredLanguage;
		if (!sent.length) return;
		await repo.updatePerson(tx.db, person.id, {
			...changes,
			updatedAt: nowOf(ctx),
			lastActivityAt: nowOf(ctx)
		});
		await audit(tx, {
			action: 'person.update',
			objectType: 'person',
			objectId: person.id,
			organisationId: person.organisationId,
			details: { fields: sent }
		});
	});
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<T> {
	return Object.fromEntries(
		keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])
	) as unknown as Partial<T>;
}

export interface PersonRecord {
	view: PersonView;
	identity: Shown<Identity | null>;
	contact: Shown<Contact | null>;
	situation: Shown<string | null>;
	/** visible or hidden (with its reason) for each of the nine categories */
	categories: Record<InfoCategory, { visible: true } | { visible: false; reason: string }>;
}

/** The record as the acting user may see it, category by category; the read is audited. */
export async function getPerson(ctx: Context, personId: string): Promise<PersonRecord> {
	return inTransaction(ctx, async (tx) => {
		const view = await personAccess(tx, personId);
		await auditPersonReads(tx, [view], 'person');
		return recordOf(view);
	});
}

function recordOf(view: PersonView): PersonRecord {
	const { person } = view;
	return {
		view,
		identity: reveal<Identity>(view, 'identity', person.identitySealed),
		contact: reveal<Contact>(view, 'contact', person.contactSealed),
		situation: reveal<string>(view, 'situation', person.situationSealed),
		categories: Object.fromEntries(
			INFO_CATEGORIES.map((c) => {
				const a = view.categories[c];
				return [c, a.visible ? { visible: true } : { visible: false, reason: a.reason }];
			})
		) as PersonRecord['categories']
	};
}

export interface PersonListItem {
	id: string;
	/** « Nom Prénom » when the identity is visible; otherwise null (shown as « Personne n° » + short id) */
	name: string | null;
	shortId: string;
	organisationId: string;
	communeCode: string | null;
	lastActivityAt: Date;
}

/** How many persons « Partagées avec mon organisme » looks through at most (then filtered by the rule). */
const SHARED_CANDIDATES = 500;

/**
 * `held`: persons my organisations hold (search by name through the blind index, most recent activity first);
 * `shared`: persons held elsewhere that a live consent names my organisation (or its kind) for, as the rule lets me
 * see them. Every row that shows a name is audited as a read.
 */
export async function listPersons(
	ctx: Context,
	query: PersonListQuery
): Promise<{ items: PersonListItem[]; total: number }> {
	const orgIds = holdingOrganisations(ctx);
	if (!ctx.actor.user) throw new ForbiddenError('read', 'person', false);
	const tokens = query.q ? queryTokens(query.q) : [];
	if (query.q && !tokens.length) return { items: [], total: 0 };
	return inTransaction(ctx, async (tx) => {
		let views: PersonView[];
		let total: number;
		if (query.scope === 'held') {
			const page = await repo.searchHeld(tx.db, orgIds, tokens, query);
			const byId = new Map(
				(
					await personViews(
						tx,
						page.rows.map((r) => r.id)
					)
				).map((v) => [v.person.id, v])
			);
			views = page.rows.flatMap((r) => byId.get(r.id) ?? []);
			total = page.total;
		} else {
			const kinds = [...new Set((await organisationKinds(tx, orgIds)).map((k) => k.kind))];
			const ids = await repo.sharedCandidates(
				tx.db,
				orgIds,
				kinds,
				tokens,
				parisDay(nowOf(ctx)),
				SHARED_CANDIDATES
			);
			const byId = new Map((await personViews(tx, ids)).map((v) => [v.person.id, v]));
			const all = ids.flatMap((id) => byId.get(id) ?? []);
			// a name search only keeps persons whose name the viewer may see
			const found = tokens.length ? all.filter((v) => v.categories.identity.visible) : all;
			total = found.length;
			views = found.slice(query.offset, query.offset + query.limit);
		}
		const items = views.map((v) => {
			const identity = reveal<Identity>(v, 'identity', v.person.identitySealed);
			const name =
				identity.visible && identity.value ? `${identity.value.lastName} ${identity.value.firstName}` : null;
			return {
				id: v.person.id,
				name,
				shortId: v.person.id.slice(0, 8),
				organisationId: v.person.organisationId,
				communeCode: v.person.communeCode,
				lastActivityAt: v.person.lastActivityAt
			};
		});
		await auditPersonReads(
			tx,
			views.filter((_, i) => items[i]!.name !== null),
			'list',
			{ scope: query.scope }
		);
		return { items, total };
	});
}
