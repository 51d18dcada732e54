import { expect } from 'vitest';
import type { RequestHandler } from '@sveltejs/kit';
import * as fundApi from '../api/v1/fund';
import * as pingPongApi from '../api/v1/pingpong';
import { parisDay } from '../jobs/clock';
import { SECRET, seedMatrixAdvance, seedMatrixFlag, type AdvanceState } from './matrix-seed.test-support';
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

/**
 * The authorization matrix's operations of the advance fund and of ping-pong flags. Each profile's person has an
 * advance request of the CCAS professional in the fixture's cooperation (approvers: the CCAS admin, the CAF, the
 * association; two of three) and an open ping-pong flag there. Both are cooperation objects: the cooperation's
 * parties and coordinators reach them, whoever else gets the cooperation's answer (403 for the fund, 404 for a flag)
 * and never the person.
 */

/** Who reads the cooperation's fund: its parties' professionals, the territory's coordinators (and the instance admin). */
const FUND_READERS = {
	sameOrganisation: 200,
	sameOrganisationAdmin: 200,
	partnerWithConsent: 200,
	partnerByKind: 200,
	partnerWithoutConsent: 200,
	consentWithdrawn: 200,
	coordinator: 200,
	instanceAdmin: 200,
	anonymous: 401,
	otherwise: 403
};

/** Who records money: the requesting organisation's professionals and the approvers (CAF and association ones). */
const RECORDERS = {
	sameOrganisation: 200,
	sameOrganisationAdmin: 200,
	partnerWithConsent: 200,
	partnerByKind: 200,
	partnerWithoutConsent: 200,
	consentWithdrawn: 200,
	anonymous: 401,
	otherwise: 403
};

/**
 * What a request shows of its person: the name under the sharing rule (no view of the person: « noConsent »); the
 * purpose to the requesting organisation and to the approvers only (they decide on it, with or without the name).
 */
const SHOWN: Partial<Record<MatrixProfile, { name: Cell; purpose: boolean }>> = {
	sameOrganisation: { name: V, purpose: true },
	sameOrganisationAdmin: { name: V, purpose: true },
	partnerWithConsent: { name: V, purpose: true },
	partnerByKind: { name: V, purpose: true },
	partnerWithoutConsent: { name: 'noConsent', purpose: true },
	consentWithdrawn: { name: 'noConsent', purpose: true },
	coordinator: { name: 'noConsent', purpose: false },
	instanceAdmin: { name: 'noConsent', purpose: false }
};

interface Advance {
	id: string;
	personId: string;
	status: string;
	personName: unknown;
	purpose?: string | null;
}

function checkName(row: Advance, body: unknown, profile: MatrixProfile, kind: PersonKind) {
	const expected = SHOWN[profile]!;
	expect(cellOf(row.personName, 'personName'), profile).toBe(expected.name);
	if (expected.name === V) expect((row.personName as { value: string }).value).toContain('Maëlys');
	else expectNothingOf(body, kind, profile);
}

function checkDetail(body: unknown, profile: MatrixProfile, personId: string, kind: PersonKind) {
	const d = body as Advance;
	expect(d.personId).toBe(personId);
	checkName(d, body, profile, kind);
	if (SHOWN[profile]!.purpose) expect(d.purpose, profile).toBe(SECRET.purpose);
	else {
		expect(d.purpose, profile).toBeNull();
		expectAbsent(body, 'purpose', profile);
	}
}

const today = () => parisDay(new Date());

/** A money or answer step on a fresh request of the profile's person, seeded in `state`. */
function step(
	name: string,
	handler: RequestHandler,
	action: string,
	state: AdvanceState,
	body: () => unknown,
	to: string,
	status: MatrixOperation['status']
): MatrixOperation {
	return {
		name,
		mutates: true,
		request: async (env, personId) => {
			const requestId = await seedMatrixAdvance(env.f, personId, state);
			const id = env.f.cooperationId;
			return {
				handler,
				method: 'POST',
				path: `/cooperations/${id}/advance-requests/${requestId}/${action}`,
				params: { id, requestId },
				body: body()
			};
		},
		status,
		check: (result, profile, personId, kind) => {
			expect((result as Advance).status, profile).toBe(to);
			checkDetail(result, profile, personId, kind);
		}
	};
}

export const FUND_OPERATIONS: MatrixOperation[] = [
	{
		name: 'POST /cooperations/{id}/advance-requests (for a person one sees)',
		mutates: true,
		request: (env, personId) => ({
			handler: fundApi.createAdvanceRequest,
			method: 'POST',
			path: `/cooperations/${env.f.cooperationId}/advance-requests`,
			params: { id: env.f.cooperationId },
			body: { personId, amount: '12,50', purpose: SECRET.purpose, urgency: 'immediate' }
		}),
		status: {
			sameOrganisation: 201,
			sameOrganisationAdmin: 201,
			partnerWithConsent: 201,
			partnerByKind: 201,
			// a person one does not see is, for the request, a wrong field (nothing said of them)
			partnerWithoutConsent: 400,
			consentWithdrawn: 400,
			// no professional membership of a party to ask for
			instanceAdmin: 400,
			anonymous: 401,
			otherwise: 403
		},
		check: (body, profile, personId, kind) => {
			expect(body).toMatchObject({ status: 'pending', amount: '12.50' });
			checkDetail(body, profile, personId, kind);
		}
	},
	{
		name: 'GET /cooperations/{id}/advance-requests/{requestId}',
		request: (env, _, kind) => {
			const id = env.f.cooperationId;
			const requestId = env.objects.advance[kind];
			return {
				handler: fundApi.getAdvanceRequest,
				method: 'GET',
				path: `/cooperations/${id}/advance-requests/${requestId}`,
				params: { id, requestId }
			};
		},
		status: FUND_READERS,
		check: checkDetail
	},
	{
		name: 'GET /cooperations/{id}/advance-requests (the person’s name under the sharing rule)',
		request: (env) => ({
			handler: fundApi.listAdvanceRequests,
			method: 'GET',
			path: `/cooperations/${env.f.cooperationId}/advance-requests`,
			params: { id: env.f.cooperationId },
			// the shared requests are the only « ordinary » ones
			query: { urgency: 'ordinary', limit: '100' }
		}),
		status: FUND_READERS,
		check: (body, profile, personId, kind) => {
			const items = (body as { items: Advance[] }).items;
			expect(items).toHaveLength(3);
			const row = items.find((i) => i.personId === personId);
			checkName(row!, body, profile, kind);
			// a list never shows the purpose
			expectAbsent(body, 'purpose', profile);
		}
	},
	step(
		'POST /cooperations/{id}/advance-requests/{requestId}/answer (the approvers the charter names)',
		fundApi.answerAdvanceRequest,
		'answer',
		'pending',
		() => ({ decision: 'approved' }),
		'pending',
		// the requester does not approve; coordinators and instance admins are not approvers
		{ ...RECORDERS, sameOrganisation: 403 }
	),
	step(
		'POST /cooperations/{id}/advance-requests/{requestId}/pay',
		fundApi.payAdvanceRequest,
		'pay',
		'approved',
		() => ({ paidOn: today(), means: 'virement' }),
		'paid',
		RECORDERS
	),
	step(
		'POST /cooperations/{id}/advance-requests/{requestId}/repay',
		fundApi.repayAdvanceRequest,
		'repay',
		'paid',
		() => ({ amount: '10,00', repaidOn: today() }),
		'partially_repaid',
		RECORDERS
	),
	step(
		'POST /cooperations/{id}/advance-requests/{requestId}/write-off',
		fundApi.writeOffAdvanceRequest,
		'write-off',
		'paid',
		() => ({ reason: 'Personne partie sans adresse' }),
		'written_off',
		RECORDERS
	)
];

/** Who watches a cooperation's flags: its managing parties (CCAS pilot, association facilitator), coordinators. */
const WATCHERS = {
	sameOrganisation: 200,
	sameOrganisationAdmin: 200,
	partnerByKind: 200,
	partnerWithoutConsent: 200,
	coordinator: 200,
	instanceAdmin: 200,
	anonymous: 401,
	otherwise: 404
};
/** The person is named in a flag only to those who see their identity. */
const NAMED: readonly MatrixProfile[] = ['sameOrganisation', 'sameOrganisationAdmin', 'partnerByKind'];

interface Flag {
	id: string;
	status: string;
	handling: string | null;
	person: { id: string; label: string; identified: boolean };
	chain: unknown[];
}

function checkFlag(flag: Flag, body: unknown, profile: MatrixProfile, kind: PersonKind) {
	expect(flag.chain).toHaveLength(3);
	if (NAMED.includes(profile))
		expect(flag.person).toMatchObject({ identified: true, label: expect.stringContaining('Maëlys') });
	else {
		expect(flag.person.identified, profile).toBe(false);
		expect(flag.person.label).toMatch(/^Personne n° [0-9a-f]{8}$/);
		expectNothingOf(body, kind, profile);
	}
}

export const PING_PONG_OPERATIONS: MatrixOperation[] = [
	{
		name: 'GET /ping-pong-flags (the flag for the cooperation’s managers and coordinators)',
		request: () => ({
			handler: pingPongApi.listFlagsOperation,
			method: 'GET',
			path: '/ping-pong-flags',
			params: {},
			query: { status: 'open' }
		}),
		status: SIGNED_IN,
		check: (body, profile, personId, kind) => {
			const flags = (body as { flags: Flag[] }).flags;
			const flag = flags.find((x) => x.person.id === personId);
			if (WATCHERS[profile as keyof typeof WATCHERS] === 200) checkFlag(flag!, body, profile, kind);
			else {
				expect(flags, profile).toEqual([]);
				expectNothingOf(body, kind, profile);
			}
		}
	},
	{
		name: 'GET /ping-pong-flags/{id}',
		request: (env, _, kind) => {
			const id = env.objects.flag[kind];
			return {
				handler: pingPongApi.getFlagOperation,
				method: 'GET',
				path: `/ping-pong-flags/${id}`,
				params: { id }
			};
		},
		status: WATCHERS,
		check: (body, profile, _, kind) => checkFlag(body as Flag, body, profile, kind)
	},
	{
		name: 'POST /ping-pong-flags/{id}/handle',
		mutates: true,
		request: async (env, personId, kind) => {
			const id = await seedMatrixFlag(env.db, env.f, personId, kind);
			return {
				handler: pingPongApi.handleFlagOperation,
				method: 'POST',
				path: `/ping-pong-flags/${id}/handle`,
				params: { id },
				body: { handling: 'Réunion de situation avec le CCAS et l’association le 12 décembre.' }
			};
		},
		status: WATCHERS,
		check: (body, profile, _, kind) => {
			const flag = body as Flag;
			// the one who handled it reads back what they wrote
			expect(flag).toMatchObject({ status: 'handled', handling: expect.stringContaining('Réunion') });
			checkFlag(flag, body, profile, kind);
		}
	}
];
