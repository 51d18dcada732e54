import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { apiSignIn, startServer, tempDataDir, type RunningServer } from '../support/server';

/**
 * Durability: a burst of writes through the API, the server killed with SIGKILL in the middle,
 * restarted on the same data. Every write acknowledged with a 2xx must still be there.
 */
const LOT_COMMUNES = ['46042', '46102', '46127', '46040', '46251', '46128', '46083', '46186'];
const ACKS_BEFORE_KILL = 40;
const MAX_REQUESTS = 400;
const CONCURRENCY = 8;

async function burstThenKill(server: RunningServer, cookie: string, organisationId: string) {
	const acknowledged: string[] = [];
	let sent = 0;
	let killed = false;
	const worker = async () => {
		while (!killed && sent < MAX_REQUESTS) {
			const n = sent++;
			try {
				const res = await fetch(`${server.url}/api/v1/zones`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', cookie, origin: server.url },
					body: JSON.stringify({
						name: `Secteur d’action sociale n° ${n}`,
						organisationId,
						communeCodes: [LOT_COMMUNES[n % LOT_COMMUNES.length]]
					})
				});
				if (res.status === 201) acknowledged.push((await res.json()).id);
			} catch {
				// connection reset by the kill: not acknowledged, so not owed
			}
			if (!killed && acknowledged.length >= ACKS_BEFORE_KILL) {
				killed = true;
				server.process.kill('SIGKILL');
			}
		}
	};
	await Promise.all(Array.from({ length: CONCURRENCY }, worker));
	return { acknowledged, sent };
}

async function organisationOf(server: RunningServer, cookie: string): Promise<string> {
	const me = await (await fetch(`${server.url}/api/v1/me`, { headers: { cookie } })).json();
	return me.memberships[0].organisationId;
}

async function crashAndCheck(env: Record<string, string> = {}) {
	const dataDir = tempDataDir('maillage-crash-');
	const first = await startServer({ dataDir, env });
	const cookie = await apiSignIn(first, 'ccas@demo.maillage.fr');
	const organisationId = await organisationOf(first, cookie);
	const { acknowledged } = await burstThenKill(first, cookie, organisationId);
	await new Promise((resolve) =>
		first.process.exitCode !== null || first.process.signalCode
			? resolve(null)
			: first.process.once('exit', resolve)
	);
	expect(first.process.signalCode).toBe('SIGKILL');
	expect(acknowledged.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);

	const second = await startServer({ dataDir, env });
	try {
		const cookieAgain = await apiSignIn(second, 'ccas@demo.maillage.fr');
		const missing: string[] = [];
		for (const id of acknowledged) {
			const res = await fetch(`${second.url}/api/v1/zones/${id}`, { headers: { cookie: cookieAgain } });
			if (res.status !== 200) missing.push(id);
		}
		expect(missing).toEqual([]);
	} finally {
		await second.stop();
	}
}

describe('crash durability', () => {
	it('PGlite: every acknowledged write survives SIGKILL', async () => {
		await crashAndCheck();
	});

	const adminUrl = process.env.TEST_DATABASE_URL;
	const databases: string[] = [];
	afterAll(async () => {
		if (!adminUrl || databases.length === 0) return;
		const client = new pg.Client({ connectionString: adminUrl });
		await client.connect();
		for (const name of databases) await client.query(`drop database if exists ${name} with (force)`);
		await client.end();
	});

	it.skipIf(!adminUrl)('PostgreSQL: every acknowledged write survives SIGKILL of the app', async () => {
		const name = `maillage_crash_${randomBytes(5).toString('hex')}`;
		const client = new pg.Client({ connectionString: adminUrl });
		await client.connect();
		await client.query(`create database ${name}`);
		await client.end();
		databases.push(name);
		const url = new URL(adminUrl!);
		url.pathname = `/${name}`;
		await crashAndCheck({ DATABASE_URL: url.toString() });
	});
});
