import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import * as followupApi from '../api/v1/followup';
import * as rightsApi from '../api/v1/rights';
import { P } from './fixture.test-support';
import { seedMatrixEntry, seedMatrixGrant } from './matrix-seed.test-support';
import {
	cellOf,
	expectAbsent,
	expectNothingOf,
	HOLDER_ONLY,
	SIGNED_IN,
	V,
	type MatrixOperation
} from './matrix-kit.test-support';

/**
 * The authorization matrix's operations of the shared follow-up (correcting an entry, the référent, « Mes suivis »)
 * and of the person's rights beyond the record's (PDF export, retention, break-glass).
 */

/** What the holder may change, its professionals and admins alike; partners who see the person: 403. */
const HOLDER_PROFESSIONALS = HOLDER_ONLY;

export const FOLLOWUP_OPERATIONS: MatrixOperation[] = [
	{
		name: 'PATCH /persons/{id}/entries/{entryId} (its author only, within 24 hours)',
		mutates: true,
		request: async (env, id) => {
			const entryId = await seedMatrixEntry(env.db, env.f, id);
			return {
				handler: followupApi.correctPersonEntry,
				method: 'PATCH',
				path: `/persons/${id}/entries/${entryId}`,
				params: { id, entryId },
				body: { text: 'Pièce d’identité renouvelée le 3 mars' }
			};
		},
		// the entry is shared in the identity category: whoever sees the person sees it, only its author corrects it
		status: { ...HOLDER_ONLY, sameOrganisationAdmin: 403 },
		check: (body) => {
			expect(body).toMatchObject({
				text: 'Pièce d’identité renouvelée le 3 mars',
				category: 'identity',
				authorUserId: P.ccasPro,
				editable: true
			});
		}
	},
	{
		name: 'PUT /persons/{id}/referent (to the CAF professional, who sees the person)',
		mutates: true,
		request: (_, id) => ({
			handler: followupApi.putPersonReferent,
			method: 'PUT',
			path: `/persons/${id}/referent`,
			params: { id },
			body: { userId: P.cafPro }
		}),
		// the holder's professionals or the current référent (the CCAS professional); partners who see: 403
		status: HOLDER_PROFESSIONALS,
		check: (body, _, personId) =>
			expect(body).toMatchObject({ personId, userId: P.cafPro, organisationId: expect.any(String) })
	},
	{
		name: 'GET /me/followed (the person for their référent only, and only while they see the person)',
		request: async (env, id) => {
			// the person first among their référent's hundreds (the changing cases make persons every run)
			await env.db.execute(
				sql`update persons set last_activity_at = now() + interval '1 hour' where id = ${id}`
			);
			return {
				handler: followupApi.listMyFollowed,
				method: 'GET',
				path: '/me/followed',
				params: {},
				query: { limit: '100' }
			};
		},
		status: SIGNED_IN,
		check: (body, profile, personId, kind) => {
			const { items, total } = body as { items: { personId: string; name: unknown }[]; total: number };
			const row = items.find((i) => i.personId === personId);
			// whom the référent may no longer see is not counted either
			expect(total, profile).toBe(items.length);
			// the main person's référent is the CCAS professional; the others' référents (the association's and
			// the CAF's professionals) no longer see them
			if (profile === 'sameOrganisation') {
				expect(cellOf(row?.name, profile)).toBe(V);
				expect((row!.name as { value: string }).value).toBe('Maëlys Matricielle (fictive)');
			} else {
				expect(row, profile).toBeUndefined();
				if (kind !== 'main') expectNothingOf(body, kind, profile);
			}
		}
	}
];

/** Who reviews break-glass grants: the coordinators of the holder's territory (and the instance admin). */
const REVIEWERS = {
	coordinator: 200,
	instanceAdmin: 200,
	// the holder's admins see the grants on the record, but do not review them
	sameOrganisationAdmin: 403,
	anonymous: 401,
	otherwise: 404
};

export const RIGHTS_OPERATIONS: MatrixOperation[] = [
	{
		name: 'GET /persons/{id}/export.pdf',
		request: (_, id) => ({
			handler: rightsApi.exportPersonPdfOperation,
			method: 'GET',
			path: `/persons/${id}/export.pdf`,
			params: { id }
		}),
		status: HOLDER_ONLY,
		check: (body) => expect(body).toEqual({ type: 'application/pdf', head: '%PDF-' })
	},
	{
		name: 'POST /persons/{id}/keep (the holder’s admins only)',
		mutates: true,
		request: (_, id) => ({
			handler: rightsApi.keepPersonOperation,
			method: 'POST',
			path: `/persons/${id}/keep`,
			params: { id },
			body: { reason: 'followup_ongoing' }
		}),
		status: { ...HOLDER_ONLY, sameOrganisation: 403 },
		check: (body, _, personId) => expect(body).toEqual({ id: personId })
	},
	{
		name: 'GET /break-glass (grants to review: the reason for the coordinators only)',
		request: () => ({
			handler: rightsApi.listBreakGlassOperation,
			method: 'GET',
			path: '/break-glass',
			params: {},
			query: { reviewed: 'false' }
		}),
		status: SIGNED_IN,
		check: (body, profile, _, kind) => {
			const items = (body as { items: { personId: string; id: string; reason: string }[] }).items;
			if (profile === 'coordinator' || profile === 'instanceAdmin') {
				// every grant on a person of the CCAS, the shared ones among them, with the reason to judge it
				expect(items.length, profile).toBeGreaterThanOrEqual(3);
				expect(items.every((i) => i.reason.length > 0)).toBe(true);
			} else {
				expect(items, profile).toEqual([]);
				expectAbsent(body, 'breakGlass', profile);
			}
			expectNothingOf(body, kind, profile);
		}
	},
	{
		name: 'POST /break-glass/{id}/review',
		mutates: true,
		request: async (env, id) => {
			const grantId = await seedMatrixGrant(env.db, env.f, id);
			return {
				handler: rightsApi.reviewBreakGlassOperation,
				method: 'POST',
				path: `/break-glass/${grantId}/review`,
				params: { id: grantId },
				body: { verdict: 'justified' }
			};
		},
		status: REVIEWERS,
		check: (body) => expect(body).toMatchObject({ verdict: 'justified' })
	},
	{
		name: 'POST /persons/{id}/break-glass (a professional of another organisation; nothing of the person in the answer)',
		mutates: true,
		request: (_, id) => ({
			handler: rightsApi.requestBreakGlassOperation,
			method: 'POST',
			path: `/persons/${id}/break-glass`,
			params: { id },
			body: { reason: 'Appel du 115 : personne en danger, dossier introuvable chez nous' }
		}),
		status: {
			// the holder already sees everything
			sameOrganisation: 409,
			sameOrganisationAdmin: 409,
			// accounts without a professional membership ask nothing (before the person is looked at)
			coordinator: 403,
			reader: 403,
			instanceAdmin: 403,
			anonymous: 401,
			otherwise: 201
		},
		check: (body, profile, personId, kind) => {
			expect(Object.keys(body as object).sort()).toEqual(['expiresAt', 'id', 'personId']);
			expect((body as { personId: string }).personId).toBe(personId);
			expectNothingOf(body, kind, profile);
		}
	}
];
