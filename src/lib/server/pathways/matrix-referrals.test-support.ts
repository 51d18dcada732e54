import { expect } from 'vitest';
import type { RequestHandler } from '@sveltejs/kit';
import * as referralsApi from '../api/v1/referrals';
import * as pingPongApi from '../api/v1/pingpong';
import { seedMatrixReferral } from './matrix-seed.test-support';
import {
	cellOf,
	expectAbsent,
	expectNothingOf,
	SIGNED_IN,
	V,
	type Cell,
	type MatrixOperation,
	type MatrixProfile,
	type PersonKind
} from './matrix-kit.test-support';
import type { ReferralStatus } from './schema';

/**
 * The authorization matrix's referral operations. Each profile's person has a referral sent by the CCAS to the
 * association's service (to the CAF for the person whose consent to the CAF was withdrawn): the CCAS is its sender,
 * the association (or the CAF) its receiver, and nobody else may even know it exists (404).
 */

/** The sending and the receiving organisation's professionals. */
const PARTIES = {
	sameOrganisation: 200,
	sameOrganisationAdmin: 200,
	partnerByKind: 200,
	partnerWithoutConsent: 200,
	consentWithdrawn: 200,
	anonymous: 401,
	otherwise: 404
};
const SENDER: readonly MatrixProfile[] = ['sameOrganisation', 'sameOrganisationAdmin'];
const RECEIVER: readonly MatrixProfile[] = ['partnerByKind', 'partnerWithoutConsent', 'consentWithdrawn'];

/** Answers of the receiving side: the sender may never give them (403). */
const RECEIVER_ANSWERS = { ...PARTIES, sameOrganisation: 403, sameOrganisationAdmin: 403 };

/**
 * What a referral shows of its person to each side: the name (identity) and the message (needs category). The
 * association sees the main person's identity (consent by kind) but not their needs; without a live consent the
 * receiving organisation sees neither, and is told why: no consent to it, or its consent withdrawn.
 */
const SHOWN: Partial<Record<MatrixProfile, { person: Cell; message: Cell }>> = {
	sameOrganisation: { person: V, message: V },
	sameOrganisationAdmin: { person: V, message: V },
	partnerByKind: { person: V, message: 'categoryNotConsented' },
	partnerWithoutConsent: { person: 'noConsent', message: 'noConsent' },
	consentWithdrawn: { person: 'consentWithdrawn', message: 'consentWithdrawn' }
};

interface Detail {
	id: string;
	personId: string;
	status: ReferralStatus;
	person: unknown;
	message: unknown;
	outcome: unknown;
}

function checkDetail(body: unknown, profile: MatrixProfile, personId: string, kind: PersonKind) {
	const d = body as Detail;
	expect(d.personId).toBe(personId);
	const expected = SHOWN[profile]!;
	expect({ person: cellOf(d.person, 'person'), message: cellOf(d.message, 'message') }, profile).toEqual(
		expected
	);
	if (expected.person === V)
		expect((d.person as { value: { firstName: string } }).value.firstName).toBe('Maëlys');
	else expectNothingOf(body, kind, profile);
	if (expected.message !== V) expectAbsent(body, 'message', profile);
}

type Action = 'accept' | 'refuse' | 'start' | 'complete' | 'abandon';
const HANDLERS: Record<Action, RequestHandler> = {
	accept: referralsApi.acceptReferralOperation,
	refuse: referralsApi.refuseReferralOperation,
	start: referralsApi.startReferralOperation,
	complete: referralsApi.completeReferralOperation,
	abandon: referralsApi.abandonReferralOperation
};

/** An answer to a fresh referral of the profile's person, seeded in status `from`. */
function answer(
	name: string,
	action: Action,
	from: ReferralStatus,
	to: ReferralStatus,
	status: MatrixOperation['status'],
	body: unknown = {}
): MatrixOperation {
	return {
		name,
		mutates: true,
		request: async (env, personId, kind) => {
			const id = await seedMatrixReferral(env.db, env.f, personId, kind, { status: from });
			return {
				handler: HANDLERS[action],
				method: 'POST',
				path: `/referrals/${id}/${action}`,
				params: { id },
				body
			};
		},
		status,
		check: (result, profile, personId, kind) => {
			expect((result as Detail).status, profile).toBe(to);
			checkDetail(result, profile, personId, kind);
		}
	};
}

/** The person's row in a referral list: present for `side` only, named under the sharing rule. */
function listed(side: readonly MatrixProfile[]) {
	return (body: unknown, profile: MatrixProfile, personId: string, kind: PersonKind) => {
		const items = (body as { items: { personId: string; person: unknown; overdue: boolean }[] }).items;
		const row = items.find((i) => i.personId === personId);
		if (!side.includes(profile)) {
			expect(row, profile).toBeUndefined();
			if (kind !== 'main') expectNothingOf(body, kind, profile);
			return;
		}
		expect(row?.overdue, profile).toBe(true);
		expect(cellOf(row!.person, profile), profile).toBe(SHOWN[profile]!.person);
		if (SHOWN[profile]!.person !== V) expectNothingOf(body, kind, profile);
	};
}

export const REFERRAL_OPERATIONS: MatrixOperation[] = [
	{
		name: 'GET /referrals/{id} (sender and receiver only; the person and the message under the sharing rule)',
		request: (env, _, kind) => {
			const id = env.objects.referral[kind];
			return {
				handler: referralsApi.getReferralOperation,
				method: 'GET',
				path: `/referrals/${id}`,
				params: { id }
			};
		},
		status: PARTIES,
		check: checkDetail
	},
	{
		name: 'GET /referrals?box=sent (the person among the CCAS’s sent referrals only)',
		request: () => ({
			handler: referralsApi.listReferralsOperation,
			method: 'GET',
			path: '/referrals',
			params: {},
			// the shared referrals are overdue: first in the box whatever the cases add
			query: { box: 'sent', limit: '100' }
		}),
		status: SIGNED_IN,
		check: listed(SENDER)
	},
	{
		name: 'GET /referrals?box=received (the person among the receiver’s inbox only)',
		request: () => ({
			handler: referralsApi.listReferralsOperation,
			method: 'GET',
			path: '/referrals',
			params: {},
			query: { box: 'received', limit: '100' }
		}),
		status: SIGNED_IN,
		check: listed(RECEIVER)
	},
	answer('POST /referrals/{id}/accept', 'accept', 'sent', 'accepted', RECEIVER_ANSWERS),
	answer('POST /referrals/{id}/refuse', 'refuse', 'received', 'refused', RECEIVER_ANSWERS, {
		reason: 'no_capacity'
	}),
	answer('POST /referrals/{id}/start', 'start', 'accepted', 'in_progress', RECEIVER_ANSWERS),
	answer('POST /referrals/{id}/complete', 'complete', 'in_progress', 'completed', RECEIVER_ANSWERS),
	// the sender withdraws a referral not yet accepted; the receiver may abandon it only once accepted (409)
	answer('POST /referrals/{id}/abandon (waiting: the sender withdraws it)', 'abandon', 'sent', 'abandoned', {
		...PARTIES,
		partnerByKind: 409,
		partnerWithoutConsent: 409,
		consentWithdrawn: 409
	}),
	// once accepted the receiver abandons it; the sender no longer may (409)
	answer(
		'POST /referrals/{id}/abandon (accepted: the receiver abandons it)',
		'abandon',
		'accepted',
		'abandoned',
		{ ...PARTIES, sameOrganisation: 409, sameOrganisationAdmin: 409 }
	),
	{
		name: 'POST /referrals/{id}/need (a refused referral becomes a need: nothing of the person, not even the id)',
		mutates: true,
		request: async (env, personId, kind) => {
			const id = await seedMatrixReferral(env.db, env.f, personId, kind, { status: 'refused' });
			return {
				handler: pingPongApi.needFromReferralOperation,
				method: 'POST',
				path: `/referrals/${id}/need`,
				params: { id }
			};
		},
		status: PARTIES,
		check: (body, profile, personId, kind) => {
			expect(body).toMatchObject({ created: true, need: { source: 'refused_referral' } });
			expect(JSON.stringify(body)).not.toContain(personId);
			expectNothingOf(body, kind, profile);
			expectAbsent(body, 'message', profile);
		}
	}
];
