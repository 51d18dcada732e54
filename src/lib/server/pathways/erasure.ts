import type { Context } from '../context';
import { nowOf } from '../context';
import { audit } from '../audit/service';
import { authorize } from '../policy/policy';
import { inTransaction } from '../db/transaction';
import { parseOrThrow } from '../api/errors';
import { seal } from '../crypto/fields';
import * as rights from './rights-repository';
import { holderView } from './rights';
import { eraseInputSchema, type EraseInput, type ErasureReason } from './rights-validation';

/**
 * Erasure (RGPD art. 17): in one transaction, everything that names or describes the person is nulled or replaced
 * by a sealed « [effacé] »; kinds, categories, statuses, reasons, dates and the commune stay for statistics. The
 * person is `anonymised`, hence 404 for everyone (access.ts only shows active records).
 */

/**
 * Other domains' anonymisation, run in the same transaction (each receives the system-or-actor context and the
 * person id; it must not check access again: the holder's admin is authorised here, or the retention job runs).
 * MERGER: add the fund's `anonymiseFundRequestsOf` (src/lib/server/fund/service.ts) here, and any new table that
 * holds sealed text about a person (the ping-pong area's needs, if they carry text).
 */
export const ERASURE_HOOKS: ((ctx: Context, personId: string) => Promise<void>)[] = [];

export const ERASED = '[effacé]';

/** The erasure itself, inside the caller's transaction (no authorization: erasePerson and the retention job decide). */
export async function anonymiseRecord(
	ctx: Context,
	person: { id: string; organisationId: string },
	reason: ErasureReason
): Promise<void> {
	await rights.anonymisePerson(
		ctx.db,
		person.id,
		seal(ERASED, person.id),
		seal({ firstName: ERASED, lastName: ERASED, birthDate: null }, person.id),
		nowOf(ctx)
	);
	for (const hook of ERASURE_HOOKS) await hook(ctx, person.id);
	await audit(ctx, {
		action: 'person.erase',
		objectType: 'person',
		objectId: person.id,
		organisationId: person.organisationId,
		details: { reason }
	});
}

/** Holder's admins only, with a reason (a code) and the word « EFFACER » typed as confirmation. */
export async function erasePerson(ctx: Context, personId: string, input: EraseInput) {
	return inTransaction(ctx, async (tx) => {
		const view = await holderView(tx, personId);
		authorize(tx.actor, 'delete', 'person', { organisationId: view.person.organisationId });
		const parsed = parseOrThrow(eraseInputSchema, input);
		await anonymiseRecord(tx, view.person, parsed.reason);
		return { id: personId, status: 'anonymised' as const };
	});
}
