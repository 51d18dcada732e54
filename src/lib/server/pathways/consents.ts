import type { Context } from '../context';
import { parisDay } from '../jobs/clock';
import { nowOf } from '../context';
import { NotFoundError, ValidationError, type FieldIssue } from '../errors';
import { authorize, ForbiddenError } from '../policy/policy';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import { activeEditors, organisationKinds } from '../organisations/service';
import { open, seal } from '../crypto/fields';
import * as base from './repository';
import * as repo from './persons-repository';
import { auditPersonReads, personAccess, viewerOf, type PersonView } from './access';
import type { ConsentInput } from './persons-validation';

/**
 * A person's consents (issue 11, item 1): only the holder's professionals add and withdraw them; a withdrawal is
 * a date on the row (history is the rows, never deleted) and cuts the other organisations on their next request.
 */

export interface Consent {
	id: string;
	organisationIds: string[];
	organisationKinds: string[];
	categories: string[];
	purpose: string;
	givenOn: string;
	expiresOn: string | null;
	collectedHow: 'oral' | 'written';
	collectedBy: string | null;
	withdrawnAt: Date | null;
	/** given, not withdrawn, not expired today */
	live: boolean;
}

/** The holder's view of the person (404 outside reach, 403 for another organisation that only sees it). */
async function holderView(ctx: Context, personId: string, action: 'read' | 'update'): Promise<PersonView> {
	const view = await personAccess(ctx, personId);
	if (!view.isHolder) throw new ForbiddenError(action, 'person', true);
	authorize(ctx.actor, action, 'person', { organisationId: view.person.organisationId });
	if (!viewerOf(ctx)?.organisationIds.includes(view.person.organisationId))
		throw new ForbiddenError(action, 'person', true);
	return view;
}

export interface Professional {
	userId: string;
	displayName: string;
}

/**
 * Who may have collected a consent for the holder: its active professionals (admin or member, account not
 * disabled), in one query of the organisations service. Readers never see people, so they cannot be the ones who
 * asked them; the caller must be a member of the organisation (membership read rule).
 */
export async function activeProfessionals(ctx: Context, organisationId: string): Promise<Professional[]> {
	return activeEditors(ctx, organisationId);
}

/** The holder's active professionals, for the consent form's « Recueilli par » (the holder's members only). */
export async function consentCollectors(ctx: Context, personId: string): Promise<Professional[]> {
	const view = await holderView(ctx, personId, 'update');
	return activeProfessionals(ctx, view.person.organisationId);
}

function consentOf(row: base.ConsentRow, today: string): Consent {
	return {
		id: row.id,
		organisationIds: row.organisationIds,
		organisationKinds: row.organisationKinds,
		categories: row.categories,
		purpose: open<string>(row.purposeSealed, row.personId),
		givenOn: row.givenOn,
		expiresOn: row.expiresOn,
		collectedHow: row.collectedHow as 'oral' | 'written',
		collectedBy: row.collectedBy,
		withdrawnAt: row.withdrawnAt,
		live: !row.withdrawnAt && row.givenOn <= today && (!row.expiresOn || row.expiresOn >= today)
	};
}

/** Every consent of the person, oldest first (withdrawn ones included): the holder only; the read is audited. */
export async function listConsents(ctx: Context, personId: string): Promise<Consent[]> {
	return inTransaction(ctx, async (tx) => {
		const view = await holderView(tx, personId, 'read');
		await auditPersonReads(tx, [view], 'consents');
		const today = parisDay(nowOf(ctx));
		return (await base.consentsOf(tx.db, [personId])).map((r) => consentOf(r, today));
	});
}

export async function addConsent(ctx: Context, personId: string, input: ConsentInput): Promise<Consent> {
	return inTransaction(ctx, async (tx) => {
		const view = await holderView(tx, personId, 'update');
		const holder = view.person.organisationId;
		const issues: FieldIssue[] = [];
		const known = new Set((await organisationKinds(tx, input.organisationIds)).map((o) => o.id));
		input.organisationIds.forEach((id, i) => {
			if (!known.has(id))
				issues.push({ field: `organisationIds.${i}`, message: 'persons.consent.organisation' });
		});
		const collectedBy = input.collectedBy ?? ctx.actor.user!.id;
		// the acting professional passed holderView (a professional of the holder, signed in: not disabled)
		if (
			collectedBy !== ctx.actor.user!.id &&
			!(await activeProfessionals(tx, holder)).some((p) => p.userId === collectedBy)
		)
			issues.push({ field: 'collectedBy', message: 'persons.consent.collectedBy' });
		if (input.givenOn > parisDay(nowOf(ctx)))
			issues.push({ field: 'givenOn', message: 'persons.consent.givenOn.future' });
		if (issues.length) throw new ValidationError(issues);
		const row = await base.insertConsent(tx.db, {
			personId,
			organisationIds: [...new Set(input.organisationIds.filter((id) => id !== holder))],
			organisationKinds: [...new Set(input.organisationKinds)],
			categories: [...new Set(input.categories)],
			purposeSealed: seal(input.purpose, personId),
			givenOn: input.givenOn,
			expiresOn: input.expiresOn ?? null,
			collectedHow: input.collectedHow,
			collectedBy,
			createdAt: nowOf(ctx)
		});
		await base.touchPerson(tx.db, personId, nowOf(ctx));
		await audit(tx, {
			action: 'consent.create',
			objectType: 'person',
			objectId: personId,
			organisationId: holder,
			details: {
				consentId: row.id,
				organisationIds: row.organisationIds,
				organisationKinds: row.organisationKinds,
				categories: row.categories
			}
		});
		return consentOf(row, parisDay(nowOf(ctx)));
	});
}

/** Withdraws a consent now (idempotent: an already withdrawn consent stays as it was). */
export async function withdrawConsent(ctx: Context, personId: string, consentId: string): Promise<Consent> {
	return inTransaction(ctx, async (tx) => {
		const view = await holderView(tx, personId, 'update');
		const found = await repo.findConsent(tx.db, consentId);
		if (!found || found.personId !== personId) throw new NotFoundError('consent', consentId);
		const today = parisDay(nowOf(ctx));
		if (found.withdrawnAt) return consentOf(found, today);
		const row = await repo.withdrawConsent(tx.db, consentId, ctx.actor.user!.id, nowOf(ctx));
		await base.touchPerson(tx.db, personId, nowOf(ctx));
		await audit(tx, {
			action: 'consent.withdraw',
			objectType: 'person',
			objectId: personId,
			organisationId: view.person.organisationId,
			details: { consentId }
		});
		return consentOf(row, today);
	});
}
