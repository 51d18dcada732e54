import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../db/client';
import { migrationStatus } from '../db/migrate';
import { seedDemo } from '../demo/seed';
import { DEMO_STRUCTURES } from '../demo/services';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { backupDatabase, type BackupSummary } from './backup';
import { tableChecksums } from './checksum';
import { BackupError } from './format';
import { restoreDatabase } from './restore';
import {
	catalogueTables,
	EXCLUDED_FROM_BACKUP,
	WRITTEN_BY_MIGRATIONS,
	schemasWithTables,
	tableContents,
	tablesToBackUp,
	type TableContent
} from './testing';

const DEMO_PASSWORD = 'Quercy-démo-2025';
// a note with accents, typographic quotes, a line break, a backslash and an emoji: all must survive
const NOTE = 'Réunion à Cahors — élus, CCAS et « partenaires »\nSuite : visite à Saint-Cirq-Lapopie \\ 🚌';

let source: TestDatabase;
let dir: string;
let file: string;
let summary: BackupSummary;
/** every table of the source's catalogue, as it was just before the backup */
let original: Record<string, TableContent>;

async function insertSampleRows(db: TestDatabase['db']) {
	const [org] = await rows<{ id: string }>(
		db,
		sql`select id from organisations where slug = 'ccas-de-cahors-demo'`
	);
	const [zone] = await rows<{ id: string }>(
		db,
		sql`insert into zones (name, description, organisation_id, created_at)
			values ('Vallée du Célé', 'Figeac, Marcilhac-sur-Célé et les hameaux du causse', ${org!.id}, '2025-03-14 09:30:12.345678+01')
			returning id`
	);
	await db.execute(
		sql`insert into zone_communes (zone_id, commune_code) values (${zone!.id}, '46102'), (${zone!.id}, '46183')`
	);
	await db.execute(
		sql`insert into audit_events (at, organisation_id, action, object_type, object_id, ip, details)
			values ('2025-03-14 09:30:12.345678+01', ${org!.id}, 'zone.create', 'zone', ${zone!.id}, '192.0.2.46',
				${JSON.stringify({ note: NOTE, communes: ['46102', '46183'], ratio: 0.1, urgent: true })}::jsonb)`
	);
	await db.execute(
		sql`insert into login_attempts (email_key, ip) values ('hélène.coordinatrice@exemple.fr', '192.0.2.46')`
	);
	// the demo leaves these empty: one row each, so that their round trip is checked too
	const [user] = await rows<{ id: string }>(db, sql`select id from users order by email limit 1`);
	await db.execute(
		sql`insert into sessions (id, user_id, created_at, expires_at)
			values ('hmac-de-session-de-test', ${user!.id}, '2025-03-14 09:30:12+01', '2025-03-28 09:30:12+01')`
	);
	await db.execute(
		sql`insert into oidc_identities (issuer, subject, user_id)
			values ('https://auth.agentconnect.gouv.fr/api/v2', 'sujet-46-0001', ${user!.id})`
	);
	const [service] = await rows<{ id: string; structure_id: string }>(
		db,
		sql`select id, structure_id from services order by id limit 1`
	);
	await db.execute(
		sql`insert into correction_requests (service_id, organisation_id, service_name, structure_name, part, message, contact)
			values (${service!.id}, ${org!.id}, 'Épicerie sociale (démo)', 'CCAS de Cahors (démo)', 'horaires',
				'Fermé le mercredi après-midi depuis septembre', 'lecteur.attentif@exemple.fr')`
	);
	await db.execute(
		sql`insert into structure_history (structure_id, changed_by, kind, changes)
			values (${service!.structure_id}, ${user!.id}, 'update', ${JSON.stringify({ phone: ['05 65 00 00 00', '05 65 23 06 10'] })}::jsonb)`
	);
	// lived-experience feedback on a service and a thematic forum with a contribution (until the demo fills them)
	await db.execute(
		sql`insert into feedback (service_id, organisation_id, subject_name, commune_code, departement_code, useful, text, status)
			values (${service!.id}, ${org!.id}, 'Épicerie sociale (démo)', '46042', '46', true,
				'Accueil chaleureux, mais [nom retiré] n’était pas joignable le mercredi.', 'approved')`
	);
	const [forum] = await rows<{ id: string }>(
		db,
		sql`insert into forum_sessions (title, territory_type, territory_code, departement_code, starts_at, ends_at, place, organisation_id, created_by)
			values ('Se loger quand on sort de l’hôpital', 'departement', '46', '46', '2025-03-20 14:00+01', '2025-03-20 17:00+01',
				'Salle des fêtes de Cahors', ${org!.id}, ${user!.id})
			returning id`
	);
	await db.execute(
		sql`insert into forum_facilitators (session_id, user_id) values (${forum!.id}, ${user!.id})`
	);
	await db.execute(
		sql`insert into forum_contributions (session_id, phase, body, expertise, tags, author_id, recorded_by)
			values (${forum!.id}, 'before', 'Les sorties d’hospitalisation le vendredi soir restent sans solution.', 'technique',
				'{"logement","sortie d’hôpital"}'::text[], ${user!.id}, ${user!.id})`
	);
	await db.execute(
		sql`insert into search_synonyms (territory_type, territory_code, position, terms, updated_by)
			values ('departement', '46', 0, '{"resto du cœur","aide alimentaire"}'::text[], ${user!.id})`
	);
	// glossary: a local term of the Lot and its history
	await db.execute(
		sql`insert into glossary_entries (territory_type, territory_code, key, term, long_form, definition, aliases, updated_by)
			values ('departement', '46', 'rvif-46', 'RVIF 46', 'Réseau violences intrafamiliales du Lot',
				'Le réseau des partenaires du Lot contre les violences intrafamiliales.', '{"réseau VIF du Lot"}'::text[], ${user!.id})`
	);
	await db.execute(
		sql`insert into glossary_history (territory_type, territory_code, key, change, after, changed_by)
			values ('departement', '46', 'rvif-46', 'create', ${JSON.stringify({ term: 'RVIF 46' })}::jsonb, ${user!.id})`
	);
	// cooperations and governance (until the demo fills them)
	const [coop] = await rows<{ id: string }>(
		db,
		sql`insert into cooperations (name, themes, territory_type, territory_code)
			values ('Réseau « aller-vers » du Ségala', '{"accompagnement-social-et-professionnel-personnalise"}'::text[], 'departement', '46')
			returning id`
	);
	await db.execute(
		sql`insert into cooperation_parties (cooperation_id, organisation_id, role) values (${coop!.id}, ${org!.id}, 'pilote')`
	);
	await db.execute(
		sql`insert into party_signatories (cooperation_id, organisation_id, user_id) values (${coop!.id}, ${org!.id}, ${user!.id})`
	);
	const [body] = await rows<{ id: string }>(
		db,
		sql`insert into bodies (cooperation_id, kind, name, territory_type, territory_code)
			values (${coop!.id}, 'technique', 'Comité technique', 'departement', '46') returning id`
	);
	const [member] = await rows<{ id: string }>(
		db,
		sql`insert into body_members (body_id, user_id, organisation_id, mandate, starts_on)
			values (${body!.id}, ${user!.id}, ${org!.id}, 'operationnel', '2025-01-06') returning id`
	);
	const [meeting] = await rows<{ id: string }>(
		db,
		sql`insert into meetings (body_id, title, starts_at, ends_at, chair_member_id)
			values (${body!.id}, 'Comité technique n° 1', '2025-03-14 09:30+01', '2025-03-14 11:30+01', ${member!.id}) returning id`
	);
	await db.execute(
		sql`insert into agenda_items (meeting_id, position, title, duration_minutes) values (${meeting!.id}, 1, 'Tour de table', 20)`
	);
	const [decision] = await rows<{ id: string }>(
		db,
		sql`insert into decisions (cooperation_id, body_id, meeting_id, title, text, decided_on, review_on)
			values (${coop!.id}, ${body!.id}, ${meeting!.id}, 'Fiche de liaison commune', 'Le comité adopte la fiche de liaison.',
				'2025-03-14', '2025-09-14') returning id`
	);
	await db.execute(
		sql`insert into decision_history (decision_id, changed_by, kind, changes) values (${decision!.id}, ${user!.id}, 'create', '{}'::jsonb)`
	);
	await db.execute(
		sql`insert into actions (cooperation_id, body_id, decision_id, title, owner_user_id, owner_organisation_id, due_on)
			values (${coop!.id}, ${body!.id}, ${decision!.id}, 'Diffuser la fiche', ${user!.id}, ${org!.id}, '2025-04-01')`
	);
	// meetings' attendance, minutes (revisions, approvals) and action history (branch meetings)
	await db.execute(
		sql`insert into meeting_attendance (meeting_id, member_id, status, attendee_user_id)
			values (${meeting!.id}, ${member!.id}, 'present', ${user!.id})`
	);
	const [minutes] = await rows<{ id: string }>(
		db,
		sql`insert into meeting_minutes (meeting_id, status, content, updated_by)
			values (${meeting!.id}, 'proposed', '<p>Tour de table : la fiche de liaison est adoptée.</p>', ${user!.id}) returning id`
	);
	await db.execute(
		sql`insert into minutes_revisions (minutes_id, revision, content, created_by)
			values (${minutes!.id}, 1, '<p>Tour de table : la fiche de liaison est adoptée.</p>', ${user!.id})`
	);
	await db.execute(
		sql`insert into minutes_approvals (minutes_id, revision, user_id) values (${minutes!.id}, 1, ${user!.id})`
	);
	await db.execute(
		sql`insert into action_history (action_id, changed_by, kind, changes)
			select id, ${user!.id}, 'create', '{"status": [null, "open"]}'::jsonb from actions where title = 'Diffuser la fiche'`
	);
	const [event] = await rows<{ id: string }>(
		db,
		sql`insert into notification_events (kind, cooperation_id, title, dedupe_key)
			values ('test', ${coop!.id}, 'Réunion prévue', 'test:1') returning id`
	);
	await db.execute(
		sql`insert into notification_recipients (event_id, user_id) values (${event!.id}, ${user!.id})`
	);
	await db.execute(
		sql`insert into notification_preferences (user_id, frequency) values (${user!.id}, 'daily')`
	);
	await db.execute(
		sql`insert into digests (user_id, frequency, event_count, created_at)
			values (${user!.id}, 'daily', 3, '2025-03-15 07:00:00.123456+01')`
	);
	await db.execute(
		sql`insert into invitations (token_hash, organisation_id, email, role, invited_by, expires_at)
			values (md5('jeton d’invitation'), ${org!.id}, 'bénévole.figeac@exemple.fr', 'member', ${user!.id},
				'2025-03-21 09:30:12+01')`
	);
	// pathways: settings the demo leaves at their defaults, and an emergency access (sealed-looking text: the
	// backup carries sealed values as they are)
	await db.execute(
		sql`insert into pathway_settings (cooperation_id, ping_pong_threshold, ping_pong_window_days)
			values (${coop!.id}, 4, 90)`
	);
	await db.execute(
		sql`insert into service_referral_settings (service_id, response_days, capacity, capacity_updated_at)
			values (${service!.id}, 7, 'limited', '2025-03-14 09:30:12.345678+01')`
	);
	const [person] = await rows<{ id: string }>(db, sql`select id from persons order by id limit 1`);
	await db.execute(
		sql`insert into break_glass_grants (person_id, user_id, organisation_id, reason_sealed, granted_at, expires_at)
			values (${person!.id}, ${user!.id}, ${org!.id}, 'v1.dev.iv.tag.ct', '2025-03-14 22:10+01', '2025-03-15 02:10+01')`
	);
}

/** Every table of the catalogue is empty (not only those the backup lists), but the migrations' own data. */
async function expectEmpty(db: TestDatabase['db']) {
	const tables = (await catalogueTables(db)).filter((name) => !WRITTEN_BY_MIGRATIONS.includes(name));
	const contents = await tableContents(db, tables);
	expect(Object.entries(contents).filter(([, c]) => c.rows > 0)).toEqual([]);
}

function gunzipLines(buffer: Buffer): string[] {
	return zlib
		.gunzipSync(buffer)
		.toString('utf8')
		.split('\n')
		.filter((l) => l !== '');
}

function writeVariant(name: string, content: Buffer): string {
	const variant = path.join(dir, name);
	fs.writeFileSync(variant, content);
	return variant;
}

beforeAll(async () => {
	source = await createTestDatabase();
	await seedDemo(source.db, { password: DEMO_PASSWORD });
	await insertSampleRows(source.db);
	original = await tableContents(source.db, await catalogueTables(source.db));
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-backup-'));
	file = path.join(dir, 'maillage.ndjson.gz');
	// small pages and batches, so that tables of a few hundred rows span several of them
	summary = await backupDatabase(source, file, { pageSize: 97 });
});

afterAll(async () => {
	await source?.drop();
	if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('backup file', () => {
	it('follows the documented format: header, then each table with its columns, rows and trailer', async () => {
		const lines = gunzipLines(fs.readFileSync(file));
		const header = JSON.parse(lines[0]!);
		expect(header).toMatchObject({ format: 'maillage-backup', version: 1 });
		expect(header.migrations).toBe((await migrationStatus(source)).expected);
		expect(Number.isNaN(Date.parse(header.createdAt))).toBe(false);
		const tables: string[] = header.tables;
		expect(summary.tables).toBe(tables.length);
		// parents before children
		const before = (a: string, b: string) => expect(tables.indexOf(a)).toBeLessThan(tables.indexOf(b));
		before('regions', 'departements');
		before('departements', 'communes');
		before('epcis', 'communes');
		before('users', 'memberships');
		before('organisations', 'memberships');
		before('zones', 'zone_communes');
		before('communes', 'zone_communes');

		const communes = lines.findIndex((l) => l.startsWith('{"table":"communes","columns"'));
		const start = JSON.parse(lines[communes]!);
		// generated columns are recomputed by the database, not saved
		expect(start.columns).not.toContain('name_normalized');
		expect(start.columns).toContain('postal_codes');
		const end = lines.findIndex((l, i) => i > communes && l.startsWith('{"table":"communes","rows"'));
		const trailer = JSON.parse(lines[end]!);
		expect(trailer.rows).toBe(end - communes - 1);
		expect(trailer.checksum).toMatch(/^[0-9a-f]{32}$/);
		const cahors = lines
			.slice(communes + 1, end)
			.map((l) => JSON.parse(l))
			.find((r) => r[0] === '46042');
		expect(cahors[start.columns.indexOf('name')]).toBe('Cahors');
		expect(cahors[start.columns.indexOf('postal_codes')]).toEqual(['46000']);
	});

	it('holds every table of the database catalogue but the excluded ones, each with rows', async () => {
		const tables: string[] = JSON.parse(gunzipLines(fs.readFileSync(file))[0]!).tables;
		// the public schema holds every table (migration bookkeeping aside, in the drizzle schema)
		expect(await schemasWithTables(source.db)).toEqual(['drizzle', 'public']);
		const catalogue = await catalogueTables(source.db);
		expect(catalogue.filter((name) => !tables.includes(name))).toEqual(Object.keys(EXCLUDED_FROM_BACKUP));
		expect([...tables].sort()).toEqual(await tablesToBackUp(source.db));
		// an empty table would compare equal after any restore: every backed-up table has rows here
		expect(
			tables.filter((name) => original[name]!.rows === 0),
			'tables without rows in the source: give them a row in insertSampleRows()'
		).toEqual([]);
	});

	it('refuses to overwrite an existing file', async () => {
		await expect(backupDatabase(source, file)).rejects.toThrow(/existe déjà/);
	});
});

describe('restore', () => {
	it('rebuilds every table identically in a migrated, empty database', async () => {
		const target = await createTestDatabase({ territories: false });
		try {
			const restored = await restoreDatabase(target, file, { batchRows: 50 });
			expect(restored.rows).toBe(summary.rows);
			// every table of the catalogue but the excluded ones, as it was before the backup
			const tables = await tablesToBackUp(source.db);
			expect(await tablesToBackUp(target.db)).toEqual(tables);
			const pick = (contents: Record<string, TableContent>) =>
				Object.fromEntries(tables.map((name) => [name, contents[name]]));
			const after = await tableContents(target.db, tables);
			// the demo's correspondents, by count
			const correspondents = DEMO_STRUCTURES.flatMap((s) => s.correspondents ?? []).length;
			expect(original.correspondents!.rows).toBe(correspondents);
			expect(after.correspondents!.rows).toBe(correspondents);
			expect(after).toEqual(pick(original));
			expect(restored.rows).toBe(tables.reduce((sum, name) => sum + original[name]!.rows, 0));
			expect(after.zone_communes!.rows).toBe(2);
			// the backup's own checksums agree
			expect(await tableChecksums(target.db)).toEqual(await tableChecksums(source.db));

			const [event] = await rows<{ details: { note: string }; at: string }>(
				target.db,
				sql`select details, to_char(at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') as at from audit_events where action = 'zone.create'`
			);
			expect(event!.details.note).toBe(NOTE);
			expect(event!.at).toBe('2025-03-14 08:30:12.345678');
			// generated columns recomputed on insert
			const [commune] = await rows<{ n: string }>(
				target.db,
				sql`select name_normalized as n from communes where code = '46256'`
			);
			expect(commune!.n).toBe('saint cirq lapopie');
			// identity sequences continue after the restored ids
			const [max] = await rows<{ id: number }>(target.db, sql`select max(id)::int as id from audit_events`);
			const [next] = await rows<{ id: number }>(
				target.db,
				sql`insert into audit_events (action, object_type) values ('backup.test', 'test') returning id::int as id`
			);
			expect(next!.id).toBe(max!.id + 1);
		} finally {
			await target.drop();
		}
	});

	it('refuses a database that is not empty, and changes nothing in it', async () => {
		const target = await createTestDatabase();
		try {
			const before = await tableChecksums(target.db);
			const error = await restoreDatabase(target, file).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(BackupError);
			expect((error as Error).message).toMatch(/n’est pas vide \(.*communes.*\)/);
			expect(await tableChecksums(target.db)).toEqual(before);
		} finally {
			await target.drop();
		}
	});

	it('refuses a database that is not fully migrated', async () => {
		const target = await createTestDatabase({ territories: false });
		try {
			await target.db.execute(
				sql`delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations)`
			);
			await expect(restoreDatabase(target, file)).rejects.toThrow(/n’est pas migrée/);
		} finally {
			await target.drop();
		}
	});

	describe('damaged files leave the target empty', () => {
		let target: TestDatabase;
		beforeAll(async () => {
			target = await createTestDatabase({ territories: false });
		});
		afterAll(async () => {
			await target?.drop();
		});

		it('refuses a truncated file after having started to insert', async () => {
			const whole = fs.readFileSync(file);
			const truncated = writeVariant('tronque.ndjson.gz', whole.subarray(0, Math.floor(whole.length * 0.8)));
			await expect(restoreDatabase(target, truncated)).rejects.toThrow(/endommagé ou tronqué/);
			await expectEmpty(target.db);
		});

		it('refuses a row altered after the backup (checksum mismatch)', async () => {
			const lines = gunzipLines(fs.readFileSync(file));
			const index = lines.findIndex((l) => l.includes('"Vallée du Célé"'));
			expect(index).toBeGreaterThan(0);
			lines[index] = lines[index]!.replace('"Vallée du Célé"', '"Vallée du Lot"');
			const altered = writeVariant('altere.ndjson.gz', zlib.gzipSync(lines.join('\n') + '\n'));
			await expect(restoreDatabase(target, altered)).rejects.toThrow(/zones restaurée ne correspond pas/);
			await expectEmpty(target.db);
		});

		it('refuses a table whose rows stop before its trailer', async () => {
			const lines = gunzipLines(fs.readFileSync(file)).filter((l) => !l.includes('"Vallée du Célé"'));
			const cut = writeVariant('ligne-manquante.ndjson.gz', zlib.gzipSync(lines.join('\n') + '\n'));
			await expect(restoreDatabase(target, cut)).rejects.toThrow(
				/0 lignes lues pour la table zones, 1 annoncées/
			);
			await expectEmpty(target.db);
		});

		it('refuses files that are not Maillage backups', async () => {
			const plain = writeVariant('texte.txt', Buffer.from('Bonjour, ceci n’est pas une sauvegarde.\n'));
			await expect(restoreDatabase(target, plain)).rejects.toThrow(/endommagé ou tronqué/);
			const other = writeVariant('autre.ndjson.gz', zlib.gzipSync('{"format":"autre-chose","version":1}\n'));
			await expect(restoreDatabase(target, other)).rejects.toThrow(/n’est pas une sauvegarde Maillage/);
			const newer = gunzipLines(fs.readFileSync(file));
			newer[0] = JSON.stringify({ ...JSON.parse(newer[0]!), version: 2 });
			const future = writeVariant('future.ndjson.gz', zlib.gzipSync(newer.join('\n') + '\n'));
			await expect(restoreDatabase(target, future)).rejects.toThrow(
				/Version de sauvegarde 2 non prise en charge/
			);
			await expectEmpty(target.db);
		});
	});
});
