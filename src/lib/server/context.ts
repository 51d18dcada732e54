import type { Db } from './db/client';
import type { Actor } from './policy/actor';

/** What every service call receives: the database, who acts, and where the request came from. */
export interface Context {
	db: Db;
	actor: Actor;
	ip?: string;
	requestId?: string;
	/** injectable clock for tests */
	now?: () => Date;
}

export const nowOf = (ctx: Pick<Context, 'now'>) => (ctx.now ? ctx.now() : new Date());
