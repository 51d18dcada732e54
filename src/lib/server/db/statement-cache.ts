import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * Server-side prepared statements for the statements the app repeats (ADR 015), the way pgjdbc does it: a
 * statement text seen `threshold` times in the process is sent with a name, so each connection parses it once
 * and PostgreSQL may keep its plan; planning was up to two thirds of a page's database time. A connection names
 * at most `perConnection` statements (they live as long as it does); past that, statements go unnamed as before.
 * Transaction control and DDL are never named.
 */
export interface StatementCacheOptions {
	threshold?: number;
	perConnection?: number;
}

const NAMEABLE = /^\s*(select|insert|update|delete|with)\b/i;
const named = Symbol('maillage.namedStatements');

type QueryConfig = { text?: string; name?: string };
type CountingClient = pg.PoolClient & { [named]?: Set<string> };

export function nameRepeatedStatements(pool: pg.Pool, options: StatementCacheOptions = {}) {
	const threshold = options.threshold ?? 3;
	const perConnection = options.perConnection ?? 200;
	const seen = new Map<string, number>();
	const nameOf = (text: string) => 'm' + createHash('sha1').update(text).digest('hex').slice(0, 20);

	pool.on('connect', (client: CountingClient) => {
		const query = client.query.bind(client) as (...args: unknown[]) => unknown;
		const names = (client[named] = new Set<string>());
		(client as { query: unknown }).query = (...args: unknown[]) => {
			const config = args[0] as QueryConfig | string;
			if (typeof config === 'object' && config?.text && !config.name && NAMEABLE.test(config.text)) {
				const name = nameOf(config.text);
				let useName = names.has(name);
				if (!useName && names.size < perConnection) {
					const count = (seen.get(config.text) ?? 0) + 1;
					if (seen.size < 10_000 || seen.has(config.text)) seen.set(config.text, count);
					useName = count >= threshold;
					if (useName) names.add(name);
				}
				// a copy: the caller's config object is not ours to change
				if (useName) args[0] = { ...config, name };
			}
			return query(...args);
		};
	});
}
