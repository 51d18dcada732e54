import type { Context } from '../context';
import type { Db } from './client';

/**
 * Runs a use case in one transaction: the change, its history and its audit entry commit together or not at all.
 * Everything inside must use the context it is given (on PGlite a query on the outer handle would wait forever
 * for the transaction it is part of). Nested calls become savepoints.
 */
export async function inTransaction<C extends Pick<Context, 'db'>, T>(
	ctx: C,
	run: (tx: C) => Promise<T>
): Promise<T> {
	return ctx.db.transaction(async (tx) => run({ ...ctx, db: tx as unknown as Db }));
}
