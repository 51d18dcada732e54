import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { seal } from '../crypto/fields';
import { parisDay } from '../jobs/clock';
import { answerRequest, createRequest, payRequest } from '../fund/service';
import { advanceRequestInputSchema, answerInputSchema, paymentInputSchema } from '../fund/validation';
import type { AdvanceUrgency } from '../fund/schema';
import { P, setCharterFund, type PathwaysFixture } from './fixture.test-support';
import * as referralsRepo from './referrals-repository';
import * as rightsRepo from './rights-repository';
import * as pingPongRepo from './ping-pong-repository';
import { addWorkingDays } from './working-days';
import type { ReferralStatus } from './schema';

/**
 * Test support of the authorization matrix (matrix.test-support.ts): the objects that hold a person's data beyond
 * the record (a referral, an advance request, a ping-pong flag, a break-glass grant), seeded for one matrix person.
 * Operations that only read share one object per kind of person (seeded once, `seedMatrixObjects`); operations
 * that change one get a fresh object on a fresh person.
 */

export type MatrixPersonKind = 'main' | 'noAsso' | 'withdrawn';

/** Texts written about the persons: none of them may appear in an answer that hides the category they are in. */
export const SECRET = {
	/** a referral's message (needs category) */
	message: 'Orientation : mise à l’abri et écoute spécialisée',
	/** an advance request's purpose (requesting organisation and approvers only) */
	purpose: 'Nuitées d’hôtel pour la mise à l’abri ce soir',
	/** a break-glass reason (the requester, the holder's admins, the coordinators who review it) */
	breakGlass: 'Appel du 115 : personne en danger, dossier introuvable chez nous'
} as const;

/**
 * The charter's advance fund for the matrix: the CCAS's named signatory (its admin), any authorised member of the
 * CAF and of the association (their signatories: the CAF and association professionals), two of three.
 */
export async function enableMatrixFund(db: Db, f: PathwaysFixture) {
	await setCharterFund(db, f.cooperationId, {
		approvers: [
			{ organisationId: f.ccas, userId: P.ccasAdmin },
			{ organisationId: f.caf, userId: null },
			{ organisationId: f.asso, userId: null }
		],
		ceilingPerRequest: '500.00',
		// hundreds of requests in one run
		ceilingPerYear: '1000000.00',
		quorum: 2
	});
}

/**
 * A referral of the person sent by the CCAS professional: to the association's service, except the person whose
 * consent to the CAF was withdrawn, referred to the CAF (which keeps the referral but no longer sees them).
 * `overdue`: its response date is past (such referrals come first in the inboxes, before the fresh ones).
 */
export async function seedMatrixReferral(
	db: Db,
	f: PathwaysFixture,
	personId: string,
	kind: MatrixPersonKind,
	options: { status?: ReferralStatus; overdue?: boolean } = {}
): Promise<string> {
	const status = options.status ?? 'sent';
	const toCaf = kind === 'withdrawn';
	const receiver = toCaf ? P.cafPro : P.assoPro;
	const now = new Date();
	const closed = ['refused', 'completed', 'abandoned'].includes(status);
	const referral = await referralsRepo.insertReferral(db, {
		personId,
		fromOrganisationId: f.ccas,
		fromUserId: P.ccasPro,
		serviceId: toCaf ? f.cafServiceId : f.assoServiceId,
		toOrganisationId: toCaf ? f.caf : f.asso,
		cooperationId: f.cooperationId,
		status,
		messageSealed: seal(SECRET.message, personId),
		respondBy: options.overdue ? '2026-01-09' : addWorkingDays(parisDay(now), 5),
		acceptedBy: ['accepted', 'in_progress', 'completed'].includes(status) ? receiver : null,
		refusalReason: status === 'refused' ? 'no_capacity' : null,
		closedAt: closed ? now : null,
		createdAt: now,
		updatedAt: now
	});
	await referralsRepo.insertEvent(db, {
		referralId: referral.id,
		fromStatus: null,
		toStatus: 'sent',
		byUserId: P.ccasPro,
		at: now
	});
	if (status !== 'sent')
		await referralsRepo.insertEvent(db, {
			referralId: referral.id,
			fromStatus: 'sent',
			toStatus: status,
			byUserId: receiver,
			at: now
		});
	return referral.id;
}

export type AdvanceState = 'pending' | 'approved' | 'paid';

/**
 * An advance request for the person, asked by the CCAS professional through the fund service (ceilings, approvers
 * snapshotted), then approved by the CAF and the association and paid when `state` says so.
 */
export async function seedMatrixAdvance(
	f: PathwaysFixture,
	personId: string,
	state: AdvanceState = 'pending',
	urgency: AdvanceUrgency = 'immediate'
): Promise<string> {
	const coop = f.cooperationId;
	const request = await createRequest(
		f.ctx('ccasPro'),
		coop,
		advanceRequestInputSchema.parse({ personId, amount: '40,00', purpose: SECRET.purpose, urgency })
	);
	if (state === 'pending') return request.id;
	const yes = answerInputSchema.parse({ decision: 'approved' });
	await answerRequest(f.ctx('cafPro'), coop, request.id, yes);
	await answerRequest(f.ctx('assoPro'), coop, request.id, yes);
	if (state === 'approved') return request.id;
	await payRequest(
		f.ctx('ccasPro'),
		coop,
		request.id,
		paymentInputSchema.parse({ paidOn: parisDay(new Date()), means: 'virement' })
	);
	return request.id;
}

/** An open ping-pong flag of the person in the fixture's cooperation: three refused referrals. */
export async function seedMatrixFlag(
	db: Db,
	f: PathwaysFixture,
	personId: string,
	kind: MatrixPersonKind
): Promise<string> {
	const chain: string[] = [];
	for (let i = 0; i < 3; i++)
		chain.push(await seedMatrixReferral(db, f, personId, kind, { status: 'refused' }));
	const flag = await pingPongRepo.insertFlag(db, {
		personId,
		cooperationId: f.cooperationId,
		trigger: 'threshold',
		chain,
		raisedAt: new Date()
	});
	return flag.id;
}

/**
 * An unexpired break-glass grant on the person, asked by the association's second professional (no profile of the
 * matrix: the grant gives access to its requester alone, so the profiles' views stay as they are).
 */
export async function seedMatrixGrant(db: Db, f: PathwaysFixture, personId: string): Promise<string> {
	const now = new Date();
	const grant = await rightsRepo.insertBreakGlass(db, {
		personId,
		userId: P.assoPro2,
		organisationId: f.asso,
		reasonSealed: seal(SECRET.breakGlass, personId),
		grantedAt: now,
		expiresAt: new Date(now.getTime() + 4 * 3600_000)
	});
	return grant.id;
}

export interface MatrixObjects {
	/** open, past its response date */
	referral: Record<MatrixPersonKind, string>;
	/** pending, urgency « ordinary » (the requests the changing operations make are « immediate ») */
	advance: Record<MatrixPersonKind, string>;
	flag: Record<MatrixPersonKind, string>;
	grant: Record<MatrixPersonKind, string>;
}

/** The objects the reading operations share, one per kind of person. */
export async function seedMatrixObjects(
	db: Db,
	f: PathwaysFixture,
	persons: Record<MatrixPersonKind, string>
): Promise<MatrixObjects> {
	const objects: MatrixObjects = { referral: {}, advance: {}, flag: {}, grant: {} } as MatrixObjects;
	for (const kind of ['main', 'noAsso', 'withdrawn'] as const) {
		const id = persons[kind];
		objects.referral[kind] = await seedMatrixReferral(db, f, id, kind, { overdue: true });
		objects.advance[kind] = await seedMatrixAdvance(f, id, 'pending', 'ordinary');
		objects.flag[kind] = await seedMatrixFlag(db, f, id, kind);
		objects.grant[kind] = await seedMatrixGrant(db, f, id);
	}
	return objects;
}

/** A follow-up entry of the person written just now by the CCAS professional, shared, in the identity category. */
export async function seedMatrixEntry(db: Db, f: PathwaysFixture, personId: string): Promise<string> {
	const id = crypto.randomUUID();
	await db.execute(
		sql`insert into pathway_entries (id, person_id, organisation_id, author_user_id, kind, category, sharing, body_sealed)
		    values (${id}, ${personId}, ${f.ccas}, ${P.ccasPro}, 'note', 'identity', 'shared',
		            ${seal({ text: 'Pièce d’identité à renouveler' }, personId)})`
	);
	return id;
}
