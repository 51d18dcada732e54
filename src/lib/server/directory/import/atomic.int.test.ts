import fs from 'node:fs';
import path from 'node:path';
import type { RequestEvent } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../testing/db';
import { actorWith } from '../../testing/actors';
import { rows } from '../../db/client';
import type { Context } from '../../context';
import { insertOrganisation } from '../../organisations/repository';
import { importDirectoryJson } from '../../api/v1/imports';
import { importDirectory } from './importer';
import { readJsonDocument } from './read';
import { causeOf, failInsertsAfter, fingerprint, FAILURE_MESSAGE } from '../../testing/failures';

/**
 * A real import (not a dry run) writes structures, services, their history, the search change log, the
 * typo-correction vocabulary and its audit entry in one transaction: when a write fails half-way, nothing of
 * it remains, and the failure comes back to the caller (the importer, and the API, which answers 500).
 */

// the API handler takes its database from the server's bootstrap: here, the test database (vi.mock is hoisted)
const server = vi.hoisted(() => ({ database: undefined as unknown }));
vi.mock('../../bootstrap', () => ({
	currentDatabase: () => {
		if (!server.database) throw new Error('database not started');
		return server.database;
	}
}));

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const USER = '00000000-0000-4000-8000-000000000001';

let t: TestDatabase;
let ccas: string;
const ccasAdmin = (): Context => ({
	db: t.db,
	actor: actorWith([{ organisationId: ccas, role: 'admin' }], { id: USER })
});

type Item = Record<string, unknown>;
const baseDocument = () =>
	JSON.parse(fs.readFileSync(path.join(FIXTURES, 'lot-data-inclusion.json'), 'utf8')) as {
		structures: Item[];
		services: Item[];
	};

/**
 * The Lot fixture file with, at the end of each list, changes of every kind: one structure updated and one created,
 * one service renamed (an update, so a history entry) and two created, one with a word new to the vocabulary.
 * `town` makes each test's changes its own: { code INSEE, name, new word }.
 */
function changedDocument(town: { code: string; postalCode: string; name: string; word: string }) {
	const document = baseDocument();
	const slug = town.name.toLowerCase();
	const structureId = `lot-solidarites--ccas-${slug}`;
	document.structures[0]!.description = `${String(document.structures[0]!.description)} Permanence à ${town.name}.`;
	document.structures.push({
		source: 'lot-solidarites',
		id: structureId,
		nom: `CCAS de ${town.name}`,
		date_maj: '2025-06-02',
		code_insee: town.code,
		code_postal: town.postalCode,
		commune: town.name
	});
	document.services[0]!.nom = `Domiciliation administrative (permanence de ${town.name})`;
	const template = document.services[2]!;
	document.services.push(
		{
			...template,
			id: `${structureId}-epicerie`,
			structure_id: structureId,
			nom: `Épicerie solidaire de ${town.name}`,
			code_insee: town.code,
			code_postal: town.postalCode
		},
		{
			...template,
			id: `${structureId}-${town.word}`,
			structure_id: structureId,
			nom: `${town.word[0]!.toUpperCase()}${town.word.slice(1)} de ${town.name}`,
			description: `Une ${town.word} ouverte à tous les habitants de ${town.name}.`,
			code_insee: town.code,
			code_postal: town.postalCode
		}
	);
	return document;
}

/** What every successful import of changedDocument() reports. */
const CHANGED_COUNTS = {
	structures: { created: 1, updated: 1, unchanged: 2, rejected: 0 },
	services: { created: 2, updated: 1, unchanged: 3, rejected: 0 }
};

const count = async (query: ReturnType<typeof sql>) => (await rows<{ n: number }>(t.db, query))[0]!.n;
const importEvents = () =>
	count(sql`select count(*)::int as n from audit_events where action = 'directory.import'`);
const knowsWord = async (word: string) =>
	(await count(sql`select count(*)::int as n from search_words where word = ${word}`)) === 1;
const structureCount = (sourceId: string) =>
	count(sql`select count(*)::int as n from structures where source_id = ${sourceId}`);

beforeAll(async () => {
	t = await createTestDatabase();
	server.database = t;
	ccas = (
		await insertOrganisation(t.db, {
			name: 'CCAS de Cahors',
			slug: 'ccas-cahors',
			kind: 'ccas',
			territoryType: 'commune',
			territoryCode: '46042'
		})
	).id;
	await t.db.execute(
		sql`insert into users (id, email, display_name) values (${USER}, 'agent@example.fr', 'Agent de test')`
	);
	// the directory before the tests: the Lot fixture file, imported for real
	const first = await importDirectory(ccasAdmin(), readJsonDocument(baseDocument()), {
		organisationId: ccas
	});
	expect(first.services.created).toBe(4);
});
afterAll(() => t?.drop());

describe('a real import is all or nothing', () => {
	it('a service refused half-way leaves nothing of the import, then the same file goes through whole', async () => {
		const town = { code: '46102', postalCode: '46100', name: 'Figeac', word: 'ressourcerie' };
		const before = await fingerprint(t.db);
		const history = before.service_history!.rows;
		const changes = before.search_changes!.rows;
		// 4 structures then 6 services, two by two: the 5th service (third batch) is refused
		const removeFailure = await failInsertsAfter(t.db, 'services', 4);
		const progress: [number, number][] = [];
		try {
			const error = await importDirectory(ccasAdmin(), readJsonDocument(changedDocument(town)), {
				organisationId: ccas,
				batchSize: 2,
				onProgress: (done, total) => progress.push([done, total])
			}).catch((e: unknown) => e);
			expect(causeOf(error)).toBe(`${FAILURE_MESSAGE} : insertion refusée dans services après 4 lignes`);
			// half-way indeed: both structure batches and two service batches had been written
			expect(progress).toEqual([
				[2, 10],
				[4, 10],
				[6, 10],
				[8, 10]
			]);
		} finally {
			await removeFailure();
		}
		expect(await fingerprint(t.db)).toEqual(before);
		expect(await structureCount('lot-solidarites--ccas-figeac')).toBe(0);
		expect(await importEvents()).toBe(1);

		const report = await importDirectory(ccasAdmin(), readJsonDocument(changedDocument(town)), {
			organisationId: ccas,
			batchSize: 2
		});
		expect(report).toMatchObject({ ...CHANGED_COUNTS, errors: [] });
		const after = await fingerprint(t.db);
		expect(after.service_history!.rows).toBe(history + 1);
		expect(after.search_changes!.rows).toBeGreaterThan(changes);
		expect(await importEvents()).toBe(2);
		expect(await knowsWord('ressourcerie')).toBe(true);
	});

	it('a refused audit entry, the last write, undoes everything the import wrote before it', async () => {
		const town = { code: '46127', postalCode: '46300', name: 'Gourdon', word: 'bricotheque' };
		const before = await fingerprint(t.db);
		const removeFailure = await failInsertsAfter(t.db, 'audit_events', 0, {
			when: `new.action = 'directory.import'`
		});
		try {
			const error = await importDirectory(ccasAdmin(), readJsonDocument(changedDocument(town)), {
				organisationId: ccas
			}).catch((e: unknown) => e);
			expect(causeOf(error)).toBe(`${FAILURE_MESSAGE} : insertion refusée dans audit_events après 0 lignes`);
		} finally {
			await removeFailure();
		}
		expect(await fingerprint(t.db)).toEqual(before);
		expect(await knowsWord('bricotheque')).toBe(false);

		const report = await importDirectory(ccasAdmin(), readJsonDocument(changedDocument(town)), {
			organisationId: ccas
		});
		expect(report).toMatchObject(CHANGED_COUNTS);
		expect(await knowsWord('bricotheque')).toBe(true);
	});

	it('a commit refused once every statement has run, the audit entry included, keeps nothing', async () => {
		const town = { code: '46128', postalCode: '46500', name: 'Gramat', word: 'materiautheque' };
		const before = await fingerprint(t.db);
		const events = await importEvents();
		// checked at commit: the import's statements all succeed, then the transaction cannot commit
		const removeFailure = await failInsertsAfter(t.db, 'services', 0, { atCommit: true });
		try {
			const error = await importDirectory(ccasAdmin(), readJsonDocument(changedDocument(town)), {
				organisationId: ccas
			}).catch((e: unknown) => e);
			expect(causeOf(error)).toBe(`${FAILURE_MESSAGE} : insertion refusée dans services après 0 lignes`);
		} finally {
			await removeFailure();
		}
		expect(await fingerprint(t.db)).toEqual(before);
		expect(await importEvents()).toBe(events);
		expect(await structureCount('lot-solidarites--ccas-gramat')).toBe(0);
	});
});

describe('POST /api/v1/imports', () => {
	function post(body: unknown, requestId: string) {
		const url = new URL('http://localhost/api/v1/imports');
		return importDirectoryJson({
			request: new Request(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body)
			}),
			url,
			params: {},
			locals: { actor: ccasAdmin().actor, locale: 'fr', requestId, ip: '192.0.2.46' }
		} as unknown as RequestEvent);
	}

	it('answers 500 without detail when a write fails half-way, and keeps nothing of the import', async () => {
		const town = { code: '46309', postalCode: '46200', name: 'Souillac', word: 'grainotheque' };
		const body = { format: 'data-inclusion', content: changedDocument(town), organisationId: ccas };
		const before = await fingerprint(t.db);
		const removeFailure = await failInsertsAfter(t.db, 'services', 5);
		try {
			const response = await post(body, 'requete-import-1');
			expect(response.status).toBe(500);
			expect(await response.json()).toEqual({
				error: {
					status: 500,
					code: 'internal',
					message: 'Une erreur inattendue s’est produite. Réessayez dans un instant.',
					requestId: 'requete-import-1'
				}
			});
		} finally {
			await removeFailure();
		}
		expect(await fingerprint(t.db)).toEqual(before);

		const response = await post(body, 'requete-import-2');
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({ ...CHANGED_COUNTS, dryRun: false });
		const [event] = await rows<{ request_id: string; ip: string }>(
			t.db,
			sql`select request_id, ip from audit_events where action = 'directory.import' order by id desc limit 1`
		);
		expect(event).toEqual({ request_id: 'requete-import-2', ip: '192.0.2.46' });
	});
});
