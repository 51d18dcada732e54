import type { RequestEvent } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { rows } from '../db/client';
import type { Db } from '../db/client';
import type { Actor } from '../policy/actor';
import { INFO_CATEGORIES, type InfoCategory } from '../charters/content';
import * as api from '../api/v1/persons';
import * as followupApi from '../api/v1/followup';
import * as rightsApi from '../api/v1/rights';
import * as referralsApi from '../api/v1/referrals';
import { seal } from '../crypto/fields';
import { P, seedPerson, type PathwaysFixture, type Profile } from './fixture.test-support';
import type { HiddenReason } from './sharing';
import {
	HOLDER_ONLY,
	MATRIX_PROFILES,
	SEES_PERSON,
	V,
	type Cell,
	type MatrixOperation,
	type MatrixPersons,
	type MatrixProfile,
	type MatrixRequest,
	type PersonKind
} from './matrix-kit.test-support';
import { FOLLOWUP_OPERATIONS, RIGHTS_OPERATIONS } from './matrix-followup.test-support';
import { REFERRAL_OPERATIONS } from './matrix-referrals.test-support';
import { FUND_OPERATIONS, PING_PONG_OPERATIONS } from './matrix-fund.test-support';

/**
 * Issue 11's authorization matrix, as data: profiles (an actor and the person they ask about) × operations
 * (each one HTTP handler of /api/v1 called in-process) × information categories. The operations on the record
 * are here; those of the follow-up and rights, referrals, the advance fund and ping-pong are in matrix-*.test-support.ts,
 * one entry each of `MATRIX_OPERATIONS`.
 */

export { MATRIX_PROFILES };
export type { MatrixEnv, MatrixOperation, MatrixProfile, MatrixRequest } from './matrix-kit.test-support';

/** Which fixture actor each profile is, and which seeded person it asks about. */
const ACTORS: Record<MatrixProfile, Profile | null> = {
	sameOrganisation: 'ccasPro',
	sameOrganisationAdmin: 'ccasAdmin',
	partnerWithConsent: 'cafPro',
	partnerByKind: 'assoPro',
	partnerWithoutConsent: 'assoPro',
	consentWithdrawn: 'cafPro',
	otherCooperation: 'gendPro',
	otherTerritory: 'gersPro',
	coordinator: 'coordinator',
	reader: 'ccasReader',
	instanceAdmin: 'instanceAdmin',
	anonymous: null
};
const PERSON_OF: Record<MatrixProfile, PersonKind> = {
	sameOrganisation: 'main',
	sameOrganisationAdmin: 'main',
	partnerWithConsent: 'main',
	partnerByKind: 'main',
	partnerWithoutConsent: 'noAsso',
	consentWithdrawn: 'withdrawn',
	otherCooperation: 'main',
	otherTerritory: 'main',
	coordinator: 'main',
	reader: 'main',
	instanceAdmin: 'main',
	anonymous: 'main'
};

const ALL_VISIBLE = Object.fromEntries(INFO_CATEGORIES.map((c) => [c, V])) as Record<InfoCategory, Cell>;

/**
 * What the record shows each profile who may see the person, category by category, under the fixture's charter
 * (identity, contact, situation, needs: every party; finances: contributors; violence: the facilitator; health,
 * justice, children: nobody) and the main person's consents (below).
 */
export const EXPECTED_CATEGORIES: Partial<Record<MatrixProfile, Record<InfoCategory, Cell>>> = {
	sameOrganisation: ALL_VISIBLE,
	sameOrganisationAdmin: ALL_VISIBLE,
	partnerWithConsent: {
		identity: V,
		contact: V,
		situation: 'categoryNotConsented',
		needs: 'categoryNotConsented',
		health: 'sharingRule',
		justice: 'categoryNotConsented',
		violence: 'categoryNotConsented',
		finances: V,
		children: 'categoryNotConsented'
	},
	partnerByKind: {
		identity: V,
		contact: 'categoryNotConsented',
		situation: V,
		needs: 'categoryNotConsented',
		health: 'categoryNotConsented',
		justice: 'categoryNotConsented',
		violence: V,
		finances: 'sharingRule',
		children: 'categoryNotConsented'
	}
};

/** Seeds one person of the matrix (held by the CCAS of the fixture). */
export async function seedMatrixPerson(db: Db, f: PathwaysFixture, kind: PersonKind): Promise<string> {
	if (kind === 'main') return seedMainWithEntries(db, f);
	return seedOther(db, f, kind);
}

/**
 * The main person and one shared entry per category written by the CCAS professional, plus one entry visible to
 * the CCAS only and one to its author only: what each profile lists is then exactly the categories it may see.
 */
async function seedMainWithEntries(db: Db, f: PathwaysFixture): Promise<string> {
	const id = (
		await seedPerson(db, {
			holder: f.ccas,
			createdBy: P.ccasPro,
			firstName: 'Maëlys',
			lastName: 'Matricielle (fictive)',
			birthDate: '1988-02-14',
			situation: 'Séparation récente, deux enfants, hébergement d’urgence.',
			consents: [
				{ organisationIds: [f.caf], categories: ['identity', 'contact', 'finances', 'health'] },
				{
					organisationKinds: ['association'],
					categories: ['identity', 'situation', 'violence', 'finances']
				},
				// named, but no cooperation with the CCAS: nothing shows
				{ organisationKinds: ['gendarmerie'], categories: ['identity', 'justice'] },
				{ organisationIds: [f.gers], categories: ['identity'] }
			]
		})
	).id;
	const entry = (category: InfoCategory, sharing: string) =>
		sql`(${id}, ${f.ccas}, ${P.ccasPro}, 'note', ${category}, ${sharing}, ${seal({ text: `Note ${category} ${sharing}` }, id)})`;
	const values = [
		...INFO_CATEGORIES.map((c) => entry(c, 'shared')),
		entry('situation', 'organisation'),
		entry('situation', 'author')
	];
	await db.execute(
		sql`insert into pathway_entries (person_id, organisation_id, author_user_id, kind, category, sharing, body_sealed)
		    values ${sql.join(values, sql`, `)}`
	);
	return id;
}

/**
 * The two other persons: consent for the CAF only (the association has none), and a consent to the CAF since
 * withdrawn. Their référent de parcours is a professional of the organisation that no longer (or never) sees them
 * (a référent chosen before, say): « Mes suivis » must not show them to that référent.
 */
async function seedOther(db: Db, f: PathwaysFixture, kind: PersonKind): Promise<string> {
	const { id } =
		kind === 'noAsso'
			? await seedPerson(db, {
					holder: f.ccas,
					firstName: 'Noé',
					lastName: 'Sansasso (fictif)',
					consents: [{ organisationIds: [f.caf], categories: ['identity'] }]
				})
			: await seedPerson(db, {
					holder: f.ccas,
					firstName: 'Wassim',
					lastName: 'Retiré (fictif)',
					consents: [
						{ organisationIds: [f.caf], categories: ['identity', 'contact'], withdrawnAt: new Date() }
					]
				});
	const [referent, organisation] = kind === 'noAsso' ? [P.assoPro, f.asso] : [P.cafPro, f.caf];
	await db.execute(
		sql`update persons set referent_user_id = ${referent}, referent_organisation_id = ${organisation} where id = ${id}`
	);
	return id;
}

export async function seedMatrixPersons(db: Db, f: PathwaysFixture): Promise<MatrixPersons> {
	return {
		main: await seedMatrixPerson(db, f, 'main'),
		noAsso: await seedMatrixPerson(db, f, 'noAsso'),
		withdrawn: await seedMatrixPerson(db, f, 'withdrawn')
	};
}

const cellsOfRecord = (body: unknown) => {
	const categories = (
		body as { categories: Record<string, { visible: boolean; reason?: string; message?: string }> }
	).categories;
	return Object.fromEntries(
		INFO_CATEGORIES.map((c) => {
			const cell = categories[c]!;
			if (!cell.visible) expect(cell.message, `${c} has a French message`).toMatch(/^masqué\u202f: /);
			return [c, cell.visible ? V : (cell.reason as HiddenReason)];
		})
	) as Record<InfoCategory, Cell>;
};

async function consentIdOf(db: Db, personId: string): Promise<string> {
	const [row] = await rows<{ id: string }>(
		db,
		sql`select id from consents where person_id = ${personId} limit 1`
	);
	return row!.id;
}

const listed = (body: unknown, personId: string) =>
	(body as { items: { id: string; named: boolean }[] }).items.find((i) => i.id === personId);

const PERSON_OPERATIONS: MatrixOperation[] = [
	{
		name: 'GET /persons/{id}',
		request: (_, id) => ({
			handler: api.getPersonOperation,
			method: 'GET',
			path: `/persons/${id}`,
			params: { id }
		}),
		status: {
			sameOrganisation: 200,
			sameOrganisationAdmin: 200,
			partnerWithConsent: 200,
			partnerByKind: 200,
			anonymous: 401,
			otherwise: 404
		},
		categories: cellsOfRecord,
		check: (body, profile) => {
			const identity = (body as { categories: { identity: { value?: { firstName: string } } } }).categories
				.identity;
			expect(identity.value?.firstName, profile).toBe('Maëlys');
		}
	},
	{
		name: 'PATCH /persons/{id}',
		mutates: true,
		request: (_, id) => ({
			handler: api.updatePersonOperation,
			method: 'PATCH',
			path: `/persons/${id}`,
			params: { id },
			body: { usualName: 'Maë' }
		}),
		status: HOLDER_ONLY,
		categories: cellsOfRecord
	},
	{
		name: 'GET /persons/{id}/consents',
		request: (_, id) => ({
			handler: api.listConsentsOperation,
			method: 'GET',
			path: `/persons/${id}/consents`,
			params: { id }
		}),
		status: HOLDER_ONLY,
		check: (body) => expect((body as { items: unknown[] }).items).toHaveLength(4)
	},
	{
		name: 'POST /persons/{id}/consents',
		mutates: true,
		request: (env, id) => ({
			handler: api.addConsentOperation,
			method: 'POST',
			path: `/persons/${id}/consents`,
			params: { id },
			body: {
				organisationIds: [env.f.caf],
				categories: ['situation'],
				purpose: 'Dossier de prestations',
				givenOn: '2026-01-05',
				collectedHow: 'oral'
			}
		}),
		status: { ...HOLDER_ONLY, sameOrganisation: 201, sameOrganisationAdmin: 201 }
	},
	{
		name: 'POST /persons/{id}/consents/{consentId}/withdraw',
		mutates: true,
		request: async (env, id) => {
			const consentId = await consentIdOf(env.db, id);
			return {
				handler: api.withdrawConsentOperation,
				method: 'POST',
				path: `/persons/${id}/consents/${consentId}/withdraw`,
				params: { id, consentId }
			};
		},
		status: HOLDER_ONLY,
		check: (body) => expect((body as { live: boolean }).live).toBe(false)
	},
	{
		name: 'GET /persons?scope=held (the person among the rows, by name)',
		request: () => ({
			handler: api.listPersonsOperation,
			method: 'GET',
			path: '/persons',
			params: {},
			query: { scope: 'held', q: 'matricielle', limit: '100' }
		}),
		status: { anonymous: 401, otherwise: 200 },
		check: (body, profile, personId) => {
			const row = listed(body, personId);
			if (profile === 'sameOrganisation' || profile === 'sameOrganisationAdmin')
				expect(row?.named).toBe(true);
			else expect(row, profile).toBeUndefined();
		}
	},
	{
		name: 'GET /persons?scope=shared (the person among the rows)',
		request: () => ({
			handler: api.listPersonsOperation,
			method: 'GET',
			path: '/persons',
			params: {},
			query: { scope: 'shared', limit: '100' }
		}),
		status: { anonymous: 401, otherwise: 200 },
		check: (body, profile, personId) => {
			const row = listed(body, personId);
			if (profile === 'partnerWithConsent' || profile === 'partnerByKind')
				expect(row?.named, profile).toBe(true);
			else expect(row, profile).toBeUndefined();
		}
	},
	{
		name: 'GET /persons/{id}/entries (exactly the categories and sharing levels the profile may see)',
		request: (_, id) => ({
			handler: followupApi.listPersonEntries,
			method: 'GET',
			path: `/persons/${id}/entries`,
			params: { id },
			query: { limit: '100' }
		}),
		status: SEES_PERSON,
		check: (body, profile) => {
			const items = (body as { items: { category: InfoCategory; sharing: string }[] }).items;
			const shared = items.filter((i) => i.sharing === 'shared').map((i) => i.category);
			const expected = EXPECTED_CATEGORIES[profile]!;
			expect(shared.sort(), profile).toEqual(INFO_CATEGORIES.filter((c) => expected[c] === V).sort());
			const inside = items.filter((i) => i.sharing !== 'shared').map((i) => i.sharing);
			// the organisation-only entry for the CCAS; the author-only one for its author alone
			const wanted = {
				sameOrganisation: ['author', 'organisation'],
				sameOrganisationAdmin: ['organisation']
			};
			expect(inside.sort(), profile).toEqual(wanted[profile as keyof typeof wanted] ?? []);
		}
	},
	{
		name: 'POST /persons/{id}/entries (finances: shared with contributors only)',
		mutates: true,
		request: (_, id) => ({
			handler: followupApi.addPersonEntry,
			method: 'POST',
			path: `/persons/${id}/entries`,
			params: { id },
			body: { kind: 'note', category: 'finances', sharing: 'shared', text: 'Dossier FSL déposé.' }
		}),
		// the association sees the person but not finances (charter): refused on the field
		status: {
			...SEES_PERSON,
			sameOrganisation: 201,
			sameOrganisationAdmin: 201,
			partnerWithConsent: 201,
			partnerByKind: 400
		}
	},
	{
		name: 'POST /referrals (to the association’s service: consent by kind covers its identity)',
		mutates: true,
		request: (env, id) => ({
			handler: referralsApi.createReferralOperation,
			method: 'POST',
			path: '/referrals',
			params: {},
			body: { personId: id, serviceId: env.f.assoServiceId, message: 'Accompagnement spécialisé.' }
		}),
		status: {
			...SEES_PERSON,
			sameOrganisation: 201,
			sameOrganisationAdmin: 201,
			partnerWithConsent: 201,
			partnerByKind: 201
		}
	},
	{
		name: 'GET /persons/{id}/access-log',
		request: (_, id) => ({
			handler: rightsApi.getPersonAccessLog,
			method: 'GET',
			path: `/persons/${id}/access-log`,
			params: { id }
		}),
		status: HOLDER_ONLY
	},
	{
		name: 'GET /persons/{id}/export',
		request: (_, id) => ({
			handler: rightsApi.exportPersonOperation,
			method: 'GET',
			path: `/persons/${id}/export`,
			params: { id }
		}),
		status: HOLDER_ONLY
	},
	{
		name: 'POST /persons/{id}/erase (the holder’s admins only)',
		mutates: true,
		request: (_, id) => ({
			handler: rightsApi.erasePersonOperation,
			method: 'POST',
			path: `/persons/${id}/erase`,
			params: { id },
			body: { reason: 'person_request', confirmation: 'EFFACER' }
		}),
		status: { ...HOLDER_ONLY, sameOrganisation: 403 }
	}
];

export const MATRIX_OPERATIONS: MatrixOperation[] = [
	...PERSON_OPERATIONS,
	...FOLLOWUP_OPERATIONS,
	...REFERRAL_OPERATIONS,
	...FUND_OPERATIONS,
	...PING_PONG_OPERATIONS,
	// last: a break-glass grant opens a person to its requester
	...RIGHTS_OPERATIONS
];

export function actorOf(f: PathwaysFixture, profile: MatrixProfile): Actor {
	const who = ACTORS[profile];
	return who ? f.actor(who) : { user: null, memberships: [], coordinations: [] };
}

export const personKindOf = (profile: MatrixProfile): PersonKind => PERSON_OF[profile];

/** Calls a SvelteKit handler in-process as `actor` (the handler takes its database from the mocked bootstrap). */
export async function callHandler(
	actor: Actor,
	req: MatrixRequest
): Promise<{ status: number; body: unknown }> {
	const url = new URL(`http://localhost/api/v1${req.path}`);
	for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
	const request = new Request(url, {
		method: req.method,
		headers: req.body === undefined ? {} : { 'content-type': 'application/json' },
		body: req.body === undefined ? undefined : JSON.stringify(req.body)
	});
	const response = await req.handler({
		request,
		url,
		params: req.params,
		locals: { actor, locale: 'fr', requestId: 'matrice', ip: '192.0.2.46' }
	} as unknown as RequestEvent);
	const type = response.headers.get('content-type') ?? '';
	if (response.ok && !type.includes('json')) {
		// a file (the PDF export): its type and first bytes
		const bytes = new Uint8Array(await response.arrayBuffer());
		return { status: response.status, body: { type, head: new TextDecoder().decode(bytes.slice(0, 5)) } };
	}
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : null };
}
