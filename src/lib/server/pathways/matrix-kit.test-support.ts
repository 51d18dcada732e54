import type { RequestHandler } from '@sveltejs/kit';
import { expect } from 'vitest';
import type { Db } from '../db/client';
import type { InfoCategory } from '../charters/content';
import type { PathwaysFixture } from './fixture.test-support';
import type { HiddenReason } from './sharing';
import { SECRET, type MatrixObjects, type MatrixPersonKind } from './matrix-seed.test-support';

/**
 * The shapes of issue 11's authorization matrix (matrix.test-support.ts gathers the operations): profiles, the
 * request of an operation, its expected statuses, and the checks that an answer hides what it must.
 */

export const MATRIX_PROFILES = [
	'sameOrganisation',
	'sameOrganisationAdmin',
	'partnerWithConsent',
	'partnerByKind',
	'partnerWithoutConsent',
	'consentWithdrawn',
	'otherCooperation',
	'otherTerritory',
	'coordinator',
	'reader',
	'instanceAdmin',
	'anonymous'
] as const;
export type MatrixProfile = (typeof MATRIX_PROFILES)[number];
export type PersonKind = MatrixPersonKind;

export const V = 'visible' as const;
export type Cell = typeof V | HiddenReason;

export type MatrixPersons = Record<PersonKind, string>;

export interface MatrixEnv {
	db: Db;
	f: PathwaysFixture;
	persons: MatrixPersons;
	/** the referral, advance request, flag and grant of each shared person (reading operations) */
	objects: MatrixObjects;
}

export interface MatrixRequest {
	handler: RequestHandler;
	method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
	/** path under /api/v1 with its parameters filled in */
	path: string;
	params: Record<string, string>;
	query?: Record<string, string>;
	body?: unknown;
}

export interface MatrixOperation {
	name: string;
	/** changes data: each case runs on its own fresh copy of the profile's person (and of the object acted on) */
	mutates?: boolean;
	request(env: MatrixEnv, personId: string, kind: PersonKind): Promise<MatrixRequest> | MatrixRequest;
	/** the expected status per profile (profiles not listed: `otherwise`) */
	status: Partial<Record<MatrixProfile, number>> & { otherwise: number };
	/** for a successful answer: the category cells it shows (compared with EXPECTED_CATEGORIES), if it shows any */
	categories?: (body: unknown) => Record<InfoCategory, Cell>;
	/** any further check of a successful answer */
	check?: (body: unknown, profile: MatrixProfile, personId: string, kind: PersonKind) => void;
}

/** whoever sees the person (holder, partners through consent and charter) */
export const SEES_PERSON = {
	sameOrganisation: 200,
	sameOrganisationAdmin: 200,
	partnerWithConsent: 200,
	partnerByKind: 200,
	anonymous: 401,
	otherwise: 404
};

export const HOLDER_ONLY = {
	sameOrganisation: 200,
	sameOrganisationAdmin: 200,
	partnerWithConsent: 403,
	partnerByKind: 403,
	anonymous: 401,
	otherwise: 404
};

/** Any signed-in account gets an answer (a list: what it holds is what is checked). */
export const SIGNED_IN = { anonymous: 401, otherwise: 200 };

/** The names of each kind of person (first and last). */
export const NAMES: Record<PersonKind, readonly [string, string]> = {
	main: ['Maëlys', 'Matricielle'],
	noAsso: ['Noé', 'Sansasso'],
	withdrawn: ['Wassim', 'Retiré']
};

/** Nothing that identifies the person or was written about them is in the answer. */
export function expectNothingOf(body: unknown, kind: PersonKind, label: string) {
	const text = JSON.stringify(body);
	for (const name of NAMES[kind]) expect(text, `${label}: ${name}`).not.toContain(name);
	expect(text, `${label}: situation`).not.toContain('Séparation récente');
}

/** A sealed text is absent from the answer. */
export function expectAbsent(body: unknown, secret: keyof typeof SECRET, label: string) {
	expect(JSON.stringify(body), `${label}: ${secret}`).not.toContain(SECRET[secret]);
}

/** A `{ visible, value | reason }` value of an answer as a cell; a hidden one carries no value. */
export function cellOf(shown: unknown, label: string): Cell {
	const s = shown as { visible: boolean; value?: unknown; reason?: HiddenReason };
	expect(s, label).toBeTruthy();
	if (s.visible) return V;
	expect(s.value, `${label}: hidden value`).toBeUndefined();
	return s.reason!;
}
