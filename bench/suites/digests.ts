/**
 * Digests for 10,000 people (issue 10: ≤ 60 s): realistic events across 60 cooperations and their 180 bodies (a third
 * of them « partage de situations », whose events go through the members-only check), about 8 events per person over
 * several cooperations. Every digest is built, grouped and written to a null mailer.
 * Baseline in the same run: the same job one person at a time (one transaction and its queries per person) against
 * the batched job (500 people per transaction, set-based claim). PGlite always; PostgreSQL when it answers.
 */
import { sql } from 'drizzle-orm';
import { openDatabase, rows, type Database } from '../../src/lib/server/db/client';
import { migrate } from '../../src/lib/server/db/migrate';
import { sendDueDigests } from '../../src/lib/server/notifications/digest';
import type { Mail } from '../../src/lib/server/mail';
import { createThrowAwayDatabase } from '../lib/postgres';
import { ratio, round } from '../lib/stats';
import type { Cell, SuiteOptions, SuiteResult } from '../lib/types';

export const name = 'digests';
export const description =
	'grouped digests for 10,000 people (target ≤ 60 s), batched against one person at a time, PGlite and PostgreSQL';

const TARGET_SECONDS = 60;
const COOPERATIONS = 60;

async function seed(db: Database['db'], people: number, log: (m: string) => void) {
	const events = people * 2;
	log(`digests: ${people} people, ${events} events, ${events * 4} deliveries`);
	await db.execute(sql`insert into users (email, display_name)
		select 'personne' || i || '@bench.maillage.fr', 'Personne n° ' || i from generate_series(1, ${people}) i`);
	await db.execute(sql`insert into organisations (name, slug, kind, territory_type, territory_code)
		values ('Département du Lot', 'departement-du-lot-bench', 'collectivite', 'departement', '46')`);
	await db.execute(sql`insert into cooperations (name, territory_type, territory_code)
		select 'Coopération ' || i || ' — ' || (array['violences intrafamiliales', 'insertion', 'prévention jeunesse'])[1 + i % 3],
			'departement', '46' from generate_series(1, ${COOPERATIONS}) i`);
	await db.execute(sql`insert into bodies (cooperation_id, kind, name, territory_type, territory_code)
		select c.id, k.kind, k.label, 'departement', '46' from cooperations c
		cross join (values ('pilotage', 'Comité de pilotage'), ('technique', 'Comité technique'),
			('partage_situations', 'Cellule de partage de situations')) k(kind, label)`);
	// events: numbered, spread over cooperations, one in four at the cooperation level, one in ten outside any
	await db.execute(sql`with c as (select id, row_number() over (order by id) - 1 as n from cooperations),
		b as (select id, cooperation_id, row_number() over (partition by cooperation_id order by kind) - 1 as n from bodies)
		insert into notification_events (kind, cooperation_id, body_id, title, text, url, dedupe_key, created_at)
		select 'bench', case when i % 10 = 0 then null else c.id end,
			case when i % 10 = 0 or i % 4 = 0 then null else b.id end,
			'Événement n° ' || i || ' : décision, réunion ou action en retard',
			'Texte de l’événement n° ' || i || E'\nSur deux lignes.', '/cooperations/essai/' || i, 'bench:' || i,
			now() - (i || ' seconds')::interval
		from generate_series(1, ${events}) i
		join c on c.n = i % ${COOPERATIONS}
		join b on b.cooperation_id = c.id and b.n = i % 3`);
	await db.execute(sql`with e as (select id, row_number() over (order by dedupe_key) as n from notification_events),
		u as (select id, row_number() over (order by id) - 1 as k from users)
		insert into notification_recipients (event_id, user_id)
		select distinct e.id, u.id from e cross join generate_series(0, 3) j
		join u on u.k = (e.n * 37 + j * 1009) % ${people}`);
	// the people a « partage de situations » event goes to sit in that body
	await db.execute(sql`insert into body_members (body_id, user_id, organisation_id, mandate, starts_on)
		select distinct e.body_id, r.user_id, (select id from organisations limit 1), 'operationnel', date '2026-01-05'
		from notification_recipients r join notification_events e on e.id = r.event_id
		join bodies b on b.id = e.body_id where b.kind = 'partage_situations'`);
}

async function reset(db: Database['db']) {
	await db.execute(sql`update notification_recipients set digest_id = null, digested_at = null`);
	await db.execute(sql`delete from digests`);
}

async function measure(database: Database, batchSize: number) {
	let bytes = 0;
	const nullMailer = { send: async (m: Mail) => void (bytes += m.text.length) };
	const started = performance.now();
	const result = await sendDueDigests(
		{ db: database.db, now: () => new Date() },
		{ batchSize, mailer: nullMailer }
	);
	const seconds = (performance.now() - started) / 1000;
	return { seconds, digests: result.digests, events: result.events, bytes };
}

async function benchDriver(label: string, database: Database, people: number, log: (m: string) => void) {
	await migrate(database);
	await seed(database.db, people, log);
	const [{ n }] = (await rows<{ n: number }>(
		database.db,
		sql`select count(*)::int as n from notification_recipients`
	)) as [{ n: number }];
	log(`digests (${label}): batched, 500 people per transaction`);
	const batched = await measure(database, 500);
	await reset(database.db);
	log(`digests (${label}): baseline, one person at a time`);
	const single = await measure(database, 1);
	return { label, deliveries: n, batched, single };
}

export async function run({ quick, log }: SuiteOptions): Promise<SuiteResult> {
	const people = quick ? 1_000 : 10_000;
	const results: Awaited<ReturnType<typeof benchDriver>>[] = [];
	const notes: string[] = [];
	const pglite = await openDatabase({});
	try {
		results.push(await benchDriver('PGlite', pglite, people, log));
	} finally {
		await pglite.close();
	}
	const pg = await createThrowAwayDatabase();
	if ('skipped' in pg) notes.push(`PostgreSQL skipped: ${pg.skipped}`);
	else {
		const database = await openDatabase({ url: pg.url, poolSize: 4 });
		try {
			results.push(await benchDriver('PostgreSQL', database, people, log));
		} finally {
			await database.close();
			await pg.drop();
		}
	}
	const rowsOut: Cell[][] = results.flatMap((r) => [
		[
			r.label,
			'batched (500 / transaction)',
			r.batched.digests,
			r.batched.events,
			round(r.batched.seconds, 2),
			Math.round(r.batched.digests / r.batched.seconds),
			r.batched.seconds <= TARGET_SECONDS * (people / 10_000) ? 'yes' : 'NO',
			'×1'
		],
		[
			r.label,
			'baseline (1 / transaction)',
			r.single.digests,
			r.single.events,
			round(r.single.seconds, 2),
			Math.round(r.single.digests / r.single.seconds),
			'',
			ratio(r.single.seconds, r.batched.seconds)
		]
	]);
	notes.push(
		`${people} people; target ≤ ${TARGET_SECONDS} s for 10,000 (scaled to ${round((TARGET_SECONDS * people) / 10_000, 1)} s for this run).`,
		'Both runs build the same digests (grouped by cooperation, body, « Autres ») into a null mailer; the baseline ratio is its time over the batched time.'
	);
	return {
		tables: [
			{
				title: `Digests for ${people.toLocaleString('en')} people`,
				columns: [
					'database',
					'mode',
					'digests',
					'events',
					'seconds',
					'digests/s',
					'within target',
					'time vs batched'
				],
				rows: rowsOut
			}
		],
		notes,
		data: { people, results }
	};
}
