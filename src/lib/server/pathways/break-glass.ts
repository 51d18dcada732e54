import type { Context } from '../context';
import { nowOf } from '../context';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { audit, auditMany } from '../audit/service';
import { authorize, can, ForbiddenError } from '../policy/policy';
import { getOrganisation, organisationKinds } from '../organisations/service';
import { territoryPath } from '../territories/service';
import type { TerritoryType } from '../policy/actor';
import { inTransaction } from '../db/transaction';
import { parseOrThrow } from '../api/errors';
import { open, seal } from '../crypto/fields';
import * as repo from './repository';
import * as rights from './rights-repository';
import { viewerOf } from './access';
import { holderView } from './rights';
import {
	breakGlassInputSchema,
	reviewInputSchema,
	type BreakGlassInput,
	type ReviewInput
} from './rights-validation';

/**
 * Break-glass (issue 11, item 7): a professional whose organisation cannot see a person asks emergency access
 * with a reason; the sharing rule then shows everything to them until the grant expires (access.ts reads
 * break_glass_grants), every read being audited with ground « break-glass ». The territory's coordinators review
 * each grant afterwards; the holding organisation's admins see the grants on the record.
 *
 * Where the requester finds the person: by the reference (id) given to them (a referral chain, a phone call with
 * the holder). Decision: an unknown or anonymised id is a 404, because there is nothing to grant and ids are random
 * UUIDs (122 bits: existence cannot be probed by guessing); but nothing about the person is returned before the
 * grant and its audit event are committed: the answer is the grant's id and expiry, and the record is then read
 * through personAccess like any other read.
 */

export interface BreakGlassGrant {
	id: string;
	personId: string;
	userId: string;
	userName: string | null;
	organisationId: string;
	organisationName: string;
	holderOrganisationId: string;
	holderOrganisationName: string;
	reason: string;
	grantedAt: Date;
	expiresAt: Date;
	reviewedAt: Date | null;
	reviewVerdict: string | null;
	reviewNote: string | null;
}

export async function requestBreakGlass(ctx: Context, personId: string, input: BreakGlassInput) {
	const viewer = viewerOf(ctx);
	const parsed = parseOrThrow(breakGlassInputSchema, input);
	if (!viewer || !viewer.organisationIds.length)
		throw new ForbiddenError('create', 'breakGlass', !!ctx.actor.user);
	const organisationId = parsed.organisationId ?? viewer.organisationIds[0]!;
	if (!viewer.organisationIds.includes(organisationId))
		throw new ValidationError([{ field: 'organisationId', message: 'rights.notYourOrganisation' }]);
	authorize(ctx.actor, 'create', 'breakGlass', { organisationId });
	const now = nowOf(ctx);
	return inTransaction(ctx, async (tx) => {
		const person = await repo.findPerson(tx.db, personId);
		if (!person || person.status !== 'active') throw new NotFoundError('person', personId);
		if (viewer.organisationIds.includes(person.organisationId))
			throw new ConflictError('rights.alreadyHolder');
		const grant = await rights.insertBreakGlass(tx.db, {
			personId,
			userId: viewer.userId,
			organisationId,
			reasonSealed: seal(parsed.reason, personId),
			grantedAt: now,
			expiresAt: new Date(now.getTime() + parsed.hours * 3600_000)
		});
		await audit(tx, {
			action: 'person.break-glass',
			objectType: 'person',
			objectId: personId,
			organisationId,
			details: { what: 'breakGlass', ground: 'break-glass', grantId: grant.id, hours: parsed.hours }
		});
		return { id: grant.id, personId, expiresAt: grant.expiresAt };
	});
}

type Row = Awaited<ReturnType<typeof rights.listBreakGlass>>[number];

async function toGrants(ctx: Context, rows: Row[]): Promise<BreakGlassGrant[]> {
	const names = new Map(
		(
			await organisationKinds(ctx, [
				...new Set(rows.flatMap((r) => [r.grant.organisationId, r.holderOrganisationId]))
			])
		).map((o) => [o.id, o.name])
	);
	return rows.map(({ grant: g, holderOrganisationId, userName }) => ({
		id: g.id,
		personId: g.personId,
		userId: g.userId,
		userName,
		organisationId: g.organisationId,
		organisationName: names.get(g.organisationId) ?? '',
		holderOrganisationId,
		holderOrganisationName: names.get(holderOrganisationId) ?? '',
		reason: open<string>(g.reasonSealed, g.personId),
		grantedAt: g.grantedAt,
		expiresAt: g.expiresAt,
		reviewedAt: g.reviewedAt,
		reviewVerdict: g.reviewVerdict,
		reviewNote: g.reviewNoteSealed ? open<string>(g.reviewNoteSealed, g.personId) : null
	}));
}

/** Where a holder organisation is (the coordinators of its territory review its grants). */
async function placeOf(ctx: Context, organisationId: string) {
	const org = await getOrganisation(ctx, organisationId);
	return territoryPath(ctx, org.territoryType as TerritoryType, org.territoryCode);
}

const reviewable = async (ctx: Context, holderOrganisationId: string) =>
	can(ctx.actor, 'update', 'breakGlass', { place: await placeOf(ctx, holderOrganisationId) });

/**
 * Grants a coordinator may review (holder organisations in their territory), oldest first. The reasons are shown
 * (the reviewer judges them): each grant shown is a read about its person, audited.
 */
export async function listBreakGlass(ctx: Context, filter: { reviewed?: boolean } = {}) {
	if (!ctx.actor.user) throw new ForbiddenError('read', 'breakGlass', false);
	return inTransaction(ctx, async (tx) => {
		const rows = await rights.listBreakGlass(tx.db, filter);
		const allowed = new Map<string, boolean>();
		for (const h of new Set(rows.map((r) => r.holderOrganisationId))) allowed.set(h, await reviewable(tx, h));
		const mine = rows.filter((r) => allowed.get(r.holderOrganisationId));
		await auditMany(
			tx,
			mine.map((r) => ({
				action: 'person.read',
				objectType: 'person',
				objectId: r.grant.personId,
				details: { what: 'breakGlassReview', ground: 'coordination', grantId: r.grant.id }
			}))
		);
		return toGrants(tx, mine);
	});
}

/** The grants on one record, for the holding organisation's admins (null when the viewer is not one). */
export async function grantsOnPerson(ctx: Context, personId: string): Promise<BreakGlassGrant[] | null> {
	return inTransaction(ctx, async (tx) => {
		const view = await holderView(tx, personId);
		if (!can(tx.actor, 'read', 'breakGlass', { organisationId: view.person.organisationId })) return null;
		return toGrants(tx, await rights.listBreakGlass(tx.db, { personId }));
	});
}

export async function reviewBreakGlass(ctx: Context, grantId: string, input: ReviewInput) {
	const parsed = parseOrThrow(reviewInputSchema, input);
	return inTransaction(ctx, async (tx) => {
		const found = await rights.findBreakGlass(tx.db, grantId);
		if (!found) throw new NotFoundError('breakGlass', grantId);
		if (!can(tx.actor, 'update', 'breakGlass', { place: await placeOf(tx, found.holderOrganisationId) })) {
			// the holder's admins see the grants on their record (403); to anyone else the grant is out of reach (404)
			if (can(tx.actor, 'read', 'breakGlass', { organisationId: found.holderOrganisationId }))
				throw new ForbiddenError('update', 'breakGlass', true);
			throw new NotFoundError('breakGlass', grantId);
		}
		const personId = found.grant.personId;
		const updated = await rights.reviewBreakGlass(tx.db, grantId, {
			reviewedBy: tx.actor.user!.id,
			reviewedAt: nowOf(tx),
			reviewVerdict: parsed.verdict,
			reviewNoteSealed: parsed.note ? seal(parsed.note, personId) : null
		});
		if (!updated.length) throw new ConflictError('rights.alreadyReviewed');
		await audit(tx, {
			action: 'breakGlass.review',
			objectType: 'person',
			objectId: personId,
			organisationId: found.holderOrganisationId,
			details: { what: 'breakGlassReview', grantId, verdict: parsed.verdict }
		});
		return { id: grantId, verdict: parsed.verdict };
	});
}
