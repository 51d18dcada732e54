import type { Context } from './context';
import { ERASURE_HOOKS } from './pathways/erasure';
import { SEALED_COLUMNS, type SealedColumn } from './pathways/rotate-keys';
import { anonymiseFundRequestsOf } from './fund/service';
import { FUND_SEALED_COLUMNS } from './fund/schema';

/**
 * Personal data held outside the pathways domain, wired once here (pathways cannot import the domains that build
 * on it): what the erasure of a person also erases, and every sealed column the key rotation re-seals.
 * Imported by the server's start, the job worker and the CLI.
 */
const eraseFundRequests = async (ctx: Context, personId: string) => {
	await anonymiseFundRequestsOf(ctx, personId);
};
if (!ERASURE_HOOKS.includes(eraseFundRequests)) ERASURE_HOOKS.push(eraseFundRequests);

export const ALL_SEALED_COLUMNS: readonly SealedColumn[] = [
	...SEALED_COLUMNS,
	...FUND_SEALED_COLUMNS.map((c) => ({ table: c.table, column: c.column, personColumn: c.boundTo }))
];
