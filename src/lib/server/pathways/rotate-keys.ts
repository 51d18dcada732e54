import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rows } from '../db/client';
import { keyRing, open, seal } from '../crypto/fields';
import type { KeyRing } from '../crypto/keys';

/**
 * Key rotation (ADR 012): re-seals every sealed column under the current key (the first of MAILLAGE_DATA_KEYS).
 * Rows already under the current key are skipped, so running it twice, or after an interruption, is harmless.
 * Each column: its table, the column, and the column (or a constant SQL expression in parentheses) holding the
 * person id the value is bound to (AAD). Other domains' sealed columns are added by `personal-data.ts`.
 */
export interface SealedColumn {
	table: string;
	column: string;
	personColumn: string;
}

export const SEALED_COLUMNS: readonly SealedColumn[] = [
	{ table: 'persons', column: 'identity_sealed', personColumn: 'id' },
	{ table: 'persons', column: 'contact_sealed', personColumn: 'id' },
	{ table: 'persons', column: 'situation_sealed', personColumn: 'id' },
	{ table: 'consents', column: 'purpose_sealed', personColumn: 'person_id' },
	{ table: 'pathway_entries', column: 'body_sealed', personColumn: 'person_id' },
	{ table: 'referrals', column: 'message_sealed', personColumn: 'person_id' },
	{ table: 'referrals', column: 'outcome_sealed', personColumn: 'person_id' },
	{ table: 'ping_pong_flags', column: 'handling_sealed', personColumn: 'person_id' },
	{ table: 'break_glass_grants', column: 'reason_sealed', personColumn: 'person_id' },
	{ table: 'break_glass_grants', column: 'review_note_sealed', personColumn: 'person_id' }
];

export interface RotationProgress {
	table: string;
	column: string;
	resealed: number;
}

/** Re-seals in batches (one transaction each); a row changed meanwhile (value differs) is left for the next run. */
export async function rotateKeys(
	db: Db,
	options: {
		batchSize?: number;
		keys?: KeyRing;
		onProgress?: (p: RotationProgress) => void;
		columns?: readonly SealedColumn[];
	} = {}
): Promise<{ resealed: number }> {
	const keys = options.keys ?? keyRing();
	const batchSize = options.batchSize ?? 500;
	const current = `v1.${keys.current.id}.%`;
	let total = 0;
	for (const { table, column, personColumn } of options.columns ?? SEALED_COLUMNS) {
		const t = sql.identifier(table);
		const c = sql.identifier(column);
		// a constant expression from the lists above (never user input), or a plain column
		const p = personColumn.startsWith('(') ? sql.raw(personColumn) : sql.identifier(personColumn);
		let resealed = 0;
		let after = '00000000-0000-0000-0000-000000000000';
		for (;;) {
			const batch = await rows<{ id: string; person_id: string; sealed: string }>(
				db,
				sql`select id::text as id, ${p}::text as person_id, ${c} as sealed from ${t}
					    where ${c} is not null and ${c} not like ${current} and id > ${after}::uuid
				    order by id limit ${batchSize}`
			);
			if (!batch.length) break;
			await db.transaction(async (tx) => {
				for (const r of batch) {
					const value = seal(open(r.sealed, r.person_id, keys), r.person_id, keys);
					await tx.execute(
						sql`update ${t} set ${c} = ${value} where id = ${r.id}::uuid and ${c} = ${r.sealed}`
					);
				}
			});
			resealed += batch.length;
			after = batch[batch.length - 1]!.id;
			options.onProgress?.({ table, column, resealed });
		}
		total += resealed;
	}
	return { resealed: total };
}
