import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The built app (node build) as a real process on a loopback port, for system and browser tests. */
export interface RunningServer {
	url: string;
	port: number;
	dataDir: string;
	process: ChildProcess;
	output: () => string;
	/** resolves with the exit code */
	stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export const DEMO_PASSWORD = 'Demo-Maillage-Lot-2026';

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

export function tempDataDir(prefix = 'maillage-test-'): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface StartOptions {
	dataDir?: string;
	port?: number;
	env?: Record<string, string | undefined>;
	/** wait for /readyz (default) or only for the process to exit */
	waitReady?: boolean;
	timeoutMs?: number;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
	const port = options.port ?? (await freePort());
	const dataDir = options.dataDir ?? tempDataDir();
	const url = `http://127.0.0.1:${port}`;
	const env: NodeJS.ProcessEnv = {
		...process.env,
		NODE_ENV: 'development',
		HOST: '127.0.0.1',
		PORT: String(port),
		ORIGIN: url,
		MAILLAGE_DATA_DIR: dataDir,
		MAILLAGE_DEMO_PASSWORD: DEMO_PASSWORD,
		BODY_SIZE_LIMIT: '20M',
		LOG_LEVEL: 'info',
		DATABASE_URL: undefined,
		...options.env
	};
	for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
	const child = spawn(process.execPath, ['build/index.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	const server: RunningServer = {
		url,
		port,
		dataDir,
		process: child,
		output: () => output,
		async stop(signal = 'SIGTERM') {
			if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
			child.kill(signal);
			const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
			const code = await exited;
			clearTimeout(timer);
			return code;
		}
	};
	if (options.waitReady === false) return server;
	const deadline = Date.now() + (options.timeoutMs ?? 90_000);
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
		try {
			const res = await fetch(`${url}/readyz`);
			if (res.ok) return server;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	await server.stop('SIGKILL');
	throw new Error(`server not ready in time:\n${output}`);
}

/** Signs in through the API and returns the session cookie header. */
export async function apiSignIn(
	server: RunningServer,
	email: string,
	password = DEMO_PASSWORD
): Promise<string> {
	const res = await fetch(`${server.url}/api/v1/sessions`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: server.url },
		body: JSON.stringify({ email, password })
	});
	if (res.status !== 201) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
	const cookie = res.headers.get('set-cookie') ?? '';
	return cookie.split(';')[0]!;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * One call of the JSON API as a same-origin client (French messages): the status, the parsed body (null when
 * empty) and the headers.
 */
export async function apiCall(
	server: RunningServer,
	method: string,
	path: string,
	cookie?: string,
	body?: unknown
): Promise<{ status: number; body: Json; headers: Headers }> {
	const headers: Record<string, string> = { origin: server.url, 'accept-language': 'fr' };
	if (cookie) headers.cookie = cookie;
	if (body !== undefined) headers['content-type'] = 'application/json';
	const res = await fetch(`${server.url}/api/v1${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await res.text();
	return { status: res.status, body: (text ? JSON.parse(text) : null) as Json, headers: res.headers };
}

/** One server for a whole test file: started before its tests, stopped after. */
export function useServer(options: StartOptions = {}): RunningServer {
	const holder = {} as RunningServer;
	beforeAll(async () => {
		Object.assign(holder, await startServer(options));
	}, 120_000);
	afterAll(async () => {
		await holder.stop?.();
	});
	return holder;
}
