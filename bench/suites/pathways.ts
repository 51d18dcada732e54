/**
 * Pathways at the size of a département: 100,000 persons, 1,000,000 follow-up entries and 300,000 referrals
 * (10× fewer with --quick), generated set-wise in SQL on PostgreSQL. Measures the référent's dashboard
 * (followedByMe) at 1 and 32 clients and a service's referral inbox at 32 clients, each three ways in the same
 * run: the bare SQL, + field filtering (the sharing rule through personViews, names opened), + read-auditing
 * (one audit event per person shown, in the same transaction) — so the cost of each layer shows.
 */
import { sql } from 'drizzle-orm';
import { openDatabase, rows, type Database, type Db } from '../../src/lib/server/db/client';
import { migrate } from '../../src/lib/server/db/migrate';
import { loadTerritories } from '../../src/lib/server/demo/seed';
import { actorWith } from '../../src/lib/server/testing/actors';
import { seededRandom } from '../../src/lib/server/testing/random';
import { seal } from '../../src/lib/server/crypto/fields';
import type { Context } from '../../src/lib/server/context';
import { categoryMaps, personViews, reveal } from '../../src/lib/server/pathways/access';
import { seesAnything } from '../../src/lib/server/pathways/sharing';
import { followedByMe, nameOf } from '../../src/lib/server/pathways/dashboard';
import * as entriesRepo from '../../src/lib/server/pathways/entries-repository';
import * as referralsRepo from '../../src/lib/server/pathways/referrals-repository';
import { listReferrals } from '../../src/lib/server/pathways/referrals';
import { pathwaysFixture } from '../../src/lib/server/pathways/fixture.test-support';
import { createThrowAwayDatabase } from '../lib/postgres';
import { ratio, round, summarize, type LatencySummary } from '../lib/stats';
import type { Cell, SuiteOptions, SuiteResult, Table } from '../lib/types';

export const name = 'pathways';
export const description =
	'référent dashboard and referral inbox over 100,000 persons, 1,000,000 entries, 300,000 referrals (PostgreSQL; 1 and 32 clients; bare SQL vs + filtering vs + audit)';

const SEED = 20261207;
const TARGETS = { dashboard1: 50, dashboard32: 150, inbox32: 100 };
const REFERENTS = { ccas: 600, caf: 200, asso: 200 };
const NOW = new Date();

interface Seeded {
	ccas: string;
	caf: string;
	asso: string;
	assoServiceId: string;
	referents: { id: string; organisationId: string }[];
	assoMember: string;
	seconds: number;
}

const userId = (i: number) => `00000000-0000-4000-9000-${i.toString(16).padStart(12, '0')}`;

export async function seed(db: Db, scale: number, log: (m: string) => void): Promise<Seeded> {
	const started = performance.now();
	const f = await pathwaysFixture(db);
	const persons = 100_000 * scale;
	const entries = 1_000_000 * scale;
	const referralCount = 300_000 * scale;
	// professionals: référents of the CCAS, the CAF and the association
	const referents: { id: string; organisationId: string }[] = [];
	for (const [org, n] of [
		[f.ccas, REFERENTS.ccas],
		[f.caf, REFERENTS.caf],
		[f.asso, REFERENTS.asso]
	] as const)
		for (let i = 0; i < n; i++) referents.push({ id: userId(referents.length + 1), organisationId: org });
	await db.execute(sql`insert into users (id, email, display_name)
		select u::uuid, 'ref' || n || '@banc.example.fr', 'Référent ' || n
		from unnest(${`{${referents.map((r) => r.id).join(',')}}`}::text[]) with ordinality as t(u, n)`);
	await db.execute(sql`insert into memberships (user_id, organisation_id, role)
		select u::uuid, o::uuid, 'member' from unnest(${`{${referents.map((r) => r.id).join(',')}}`}::text[],
			${`{${referents.map((r) => r.organisationId).join(',')}}`}::text[]) as t(u, o)`);
	log(`  ${referents.length} référents`);
	// persons: 60 % held by the CCAS, 20 % by the CAF, 20 % by the association; identity sealed per person (it is
	// opened on the dashboard), name tokens set-wise
	const ids = Array.from({ length: persons }, () => crypto.randomUUID());
	const holderOf = (i: number) => (i % 5 < 3 ? 0 : i % 5 === 3 ? 1 : 2);
	const orgs = [f.ccas, f.caf, f.asso];
	const firstReferent = [0, REFERENTS.ccas, REFERENTS.ccas + REFERENTS.caf];
	const counts = [REFERENTS.ccas, REFERENTS.caf, REFERENTS.asso];
	const contactBlob = seal({ phone: '06 00 00 00 00' }, ids[0]!);
	for (let from = 0; from < persons; from += 5_000) {
		const slice = ids.slice(from, from + 5_000);
		const holders = slice.map((_, k) => orgs[holderOf(from + k)]!);
		// one CCAS person in ten has a référent of the association (a partner sees them through consent)
		const refs = slice.map((_, k) => {
			const i = from + k;
			const h = holderOf(i) === 0 && i % 10 === 0 ? 2 : holderOf(i);
			return referents[firstReferent[h]! + (i % counts[h]!)]!;
		});
		const identities = slice.map((id, k) =>
			seal({ firstName: 'Camille', lastName: `Banc-${from + k}`, birthDate: null }, id)
		);
		await db.execute(sql`insert into persons (id, organisation_id, identity_sealed, contact_sealed, name_tokens,
				commune_code, referent_user_id, referent_organisation_id, last_activity_at, created_at)
			select id::uuid, org::uuid, ident, ${contactBlob}, array[md5(id), md5(ident)], '46042', ref::uuid, reforg::uuid,
				now() - (n % 700) * interval '1 day', now() - interval '800 days'
			from unnest(${`{${slice.join(',')}}`}::text[], ${`{${holders.join(',')}}`}::text[],
				${`{${identities.join(',')}}`}::text[], ${`{${refs.map((r) => r.id).join(',')}}`}::text[],
				${`{${refs.map((r) => r.organisationId).join(',')}}`}::text[]) with ordinality as t(id, org, ident, ref, reforg, n)`);
	}
	log(`  ${persons.toLocaleString('en-US')} persons`);
	// consents: every other person consents to the two other organisations for identity, contact and needs
	const purpose = seal('Accompagnement coordonné', ids[0]!);
	await db.execute(sql`insert into consents (person_id, organisation_ids, categories, purpose_sealed, given_on, collected_how)
		select p.id, array(select o from unnest(array[${f.ccas}::uuid, ${f.caf}::uuid, ${f.asso}::uuid]) o where o <> p.organisation_id),
			array['identity', 'contact', 'needs', 'situation'], ${purpose}, current_date - 100, 'written'
		from (select id, organisation_id, referent_organisation_id, row_number() over () as n from persons) p where p.n % 2 = 0 or p.referent_organisation_id <> p.organisation_id`);
	// entries: one sealed blob reused (never opened by what is measured), metadata generated
	const body = seal({ text: 'Entretien de suivi.' }, ids[0]!);
	await db.execute(sql`create temporary table bench_people as
		select row_number() over (order by id) - 1 as n, id, organisation_id, referent_user_id from persons`);
	await db.execute(sql`create index on bench_people (n)`);
	for (let from = 0; from < entries; from += 200_000) {
		const to = Math.min(entries, from + 200_000);
		await db.execute(sql`insert into pathway_entries (person_id, organisation_id, author_user_id, kind, category,
				sharing, step, theme, occurs_at, body_sealed, created_at)
			select p.id, p.organisation_id, p.referent_user_id,
				(array['note', 'note', 'step', 'need', 'appointment'])[1 + g % 5],
				(array['situation', 'needs', 'contact', 'finances', 'violence', 'health'])[1 + (g / 7) % 6],
				(array['organisation', 'shared', 'shared', 'author'])[1 + (g / 3) % 4],
				case when g % 5 = 2 then (array['identify', 'contact', 'accompany', 'evaluate', 'refer'])[1 + g % 5] end,
				case when g % 5 = 3 then 'logement-hebergement--etre-accompagne-pour-se-loger' end,
				now() - (g % 730) * interval '1 day' + case when g % 5 = 4 and g % 20 = 4 then interval '760 days' else interval '0' end,
				${body}, now() - (g % 730) * interval '1 day'
			from generate_series(${from}::int, ${to - 1}::int) g join bench_people p on p.n = g % ${persons}::int`);
		log(`  ${to.toLocaleString('en-US')} entries`);
	}
	// the référents' own upcoming appointments are opened on the dashboard: seal those per person
	const upcoming = await rows<{ id: string; person_id: string }>(
		db,
		sql`select id, person_id from pathway_entries where kind = 'appointment' and occurs_at > now()`
	);
	for (let from = 0; from < upcoming.length; from += 5_000) {
		const slice = upcoming.slice(from, from + 5_000);
		const blobs = slice.map((e) =>
			seal({ text: '', place: 'CCAS de Cahors', with: 'Assistante sociale' }, e.person_id)
		);
		await db.execute(sql`update pathway_entries e set body_sealed = b.blob
			from unnest(${`{${slice.map((e) => e.id).join(',')}}`}::uuid[], ${`{${blobs.join(',')}}`}::text[]) as b(id, blob) where e.id = b.id`);
	}
	log(`  ${upcoming.length.toLocaleString('en-US')} upcoming appointments sealed`);
	await db.execute(sql`insert into referrals (person_id, from_organisation_id, from_user_id, service_id, to_organisation_id,
			status, respond_by, created_at)
		select p.id, p.organisation_id, p.referent_user_id,
			case when g % 2 = 0 then ${f.assoServiceId}::uuid else ${f.cafServiceId}::uuid end,
			case when g % 2 = 0 then ${f.asso}::uuid else ${f.caf}::uuid end,
			(array['sent', 'received', 'accepted', 'refused', 'in_progress', 'completed', 'completed', 'abandoned', 'expired', 'completed'])[1 + (g / 2) % 10],
			current_date + 5, now() - (g % 700) * interval '1 day' - (g % 1440) * interval '1 minute'
		from generate_series(0, ${referralCount - 1}::int) g join bench_people p on p.n = (g * 7) % ${persons}::int`);
	log(`  ${referralCount.toLocaleString('en-US')} referrals`);
	await db.execute(sql`insert into ping_pong_flags (person_id, trigger, chain)
		select id, 'threshold', '{}' from bench_people where n % 50 = 0`);
	await db.execute(sql`analyze`);
	return {
		ccas: f.ccas,
		caf: f.caf,
		asso: f.asso,
		assoServiceId: f.assoServiceId,
		referents,
		assoMember: '00000000-0000-4000-8000-00000000b005',
		seconds: (performance.now() - started) / 1000
	};
}

type Call = (i: number) => Promise<number>;

async function measure(call: Call, clients: number, wanted: number, budgetMs: number) {
	const samples: number[] = [];
	let next = 0;
	const started = performance.now();
	const worker = async () => {
		while (next < wanted && performance.now() < started + budgetMs) {
			const i = next++;
			const t0 = performance.now();
			await call(i);
			samples.push(performance.now() - t0);
		}
	};
	await Promise.all(Array.from({ length: clients }, worker));
	return {
		summary: summarize(samples),
		qps: samples.length / ((performance.now() - started) / 1000),
		truncated: samples.length < wanted
	};
}

const PAGE = { limit: 20, offset: 0 };

export async function run({ quick, log }: SuiteOptions): Promise<SuiteResult> {
	const scale = quick ? 0.1 : 1;
	const notes: string[] = [];
	const data: Record<string, unknown> = { scale };
	const out: Cell[][] = [];
	const created = await createThrowAwayDatabase();
	if ('skipped' in created) return { tables: [], notes: [`PostgreSQL skipped: ${created.skipped}`], data };
	let database: Database | undefined;
	try {
		database = await openDatabase({ url: created.url, poolSize: 10 });
		const db = database.db;
		log('PostgreSQL: migrate, territories of the Lot and the Gers');
		await migrate(database);
		await loadTerritories(db, { departements: ['46', '32'] });
		const s = await seed(db, scale, log);
		const rnd = seededRandom(SEED);
		// as sign-in resolves them: each membership with its organisation's kind
		const kinds = new Map(
			(await rows<{ id: string; kind: string }>(db, sql`select id, kind from organisations`)).map((o) => [
				o.id,
				o.kind
			])
		);
		const member = (organisationId: string, id: string) =>
			actorWith([{ organisationId, role: 'member', organisationKind: kinds.get(organisationId) }], { id });
		const ctxOf = (i: number): Context => {
			const r = s.referents[(Math.floor(rnd() * s.referents.length) + i) % s.referents.length]!;
			return { db, actor: member(r.organisationId, r.id) };
		};
		const inboxCtx: Context = { db, actor: member(s.asso, s.assoMember) };
		const dashboard: [string, Call][] = [
			[
				'bare SQL',
				async (i) => {
					const ctx = ctxOf(i);
					const me = ctx.actor.user!.id;
					return db.transaction(async (tx) => {
						const t = tx as unknown as Db;
						const ids = (await entriesRepo.followedBy(t, me)).slice(0, PAGE.limit).map((p) => p.id);
						await entriesRepo.myAppointments(t, me, NOW, 10);
						await entriesRepo.upcomingAppointments(t, ids, NOW);
						await entriesRepo.pathwayCounters(t, ids);
						return ids.length;
					});
				}
			],
			[
				'+ filtering',
				async (i) => {
					const ctx = ctxOf(i);
					const me = ctx.actor.user!.id;
					return db.transaction(async (tx) => {
						const t = { ...ctx, db: tx as unknown as Db };
						const followed = await entriesRepo.followedBy(t.db, me);
						const maps = await categoryMaps(t, followed);
						const ids = followed
							.filter((p) => seesAnything(maps.get(p.id)!))
							.slice(0, PAGE.limit)
							.map((p) => p.id);
						const mine = await entriesRepo.myAppointments(t.db, me, NOW, 10);
						const views = await personViews(t, [...new Set([...ids, ...mine.map((m) => m.personId)])]);
						await entriesRepo.upcomingAppointments(t.db, ids, NOW);
						await entriesRepo.pathwayCounters(t.db, ids);
						return views.map(nameOf).length;
					});
				}
			],
			['+ audit (followedByMe)', async (i) => (await followedByMe(ctxOf(i), PAGE)).items.length]
		];
		const inboxQuery = { box: 'received' as const, limit: PAGE.limit, offset: 0 };
		const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(NOW);
		const inboxRows = (tx: Db) =>
			referralsRepo.listReferrals(tx, { ...inboxQuery, organisationIds: [s.asso], today });
		const inbox: [string, Call][] = [
			['bare SQL', async () => (await db.transaction((tx) => inboxRows(tx as unknown as Db))).rows.length],
			[
				'+ filtering',
				async () =>
					db.transaction(async (tx) => {
						const t = { ...inboxCtx, db: tx as unknown as Db };
						const found = await inboxRows(t.db);
						const views = await personViews(t, [...new Set(found.rows.map((r) => r.referral.personId))]);
						return views.map((v) => reveal(v, 'identity', v.person.identitySealed)).length;
					})
			],
			['+ audit (listReferrals)', async () => (await listReferrals(inboxCtx, inboxQuery)).items.length]
		];
		const wanted = quick ? 300 : 2_000;
		const budgetMs = quick ? 20_000 : 90_000;
		const runCells = async (subject: string, calls: [string, Call][], concurrency: number[]) => {
			for (const clients of concurrency) {
				let base: LatencySummary | undefined;
				for (const [variant, call] of calls) {
					for (let i = 0; i < 20; i++) await call(i); // warm-up
					log(`${subject} ${variant} × ${clients}`);
					const cell = await measure(call, clients, clients === 1 ? wanted / 2 : wanted, budgetMs);
					base ??= cell.summary;
					out.push([
						subject,
						variant,
						clients,
						round(cell.summary.p50, 2),
						round(cell.summary.p95, 2),
						round(cell.summary.p99, 2),
						round(cell.qps, 0),
						ratio(cell.summary.p95, base.p95),
						cell.truncated ? 'time budget hit' : ''
					]);
					data[`${subject}/${variant}/${clients}`] = { ...cell.summary, qps: cell.qps };
				}
			}
		};
		await runCells('référent dashboard', dashboard, [1, 32]);
		await runCells('referral inbox', inbox, [1, 32]);
		const counts = await rows<{ persons: number; entries: number; referrals: number; open: number }>(
			db,
			sql`select (select count(*)::int from persons) as persons, (select count(*)::int from pathway_entries) as entries,
				(select count(*)::int from referrals) as referrals,
				(select count(*)::int from referrals where service_id = ${s.assoServiceId} and status in ('sent', 'received', 'accepted', 'in_progress')) as open`
		);
		data.counts = counts[0];
		const p95 = (k: string) => (data[k] as LatencySummary | undefined)?.p95 ?? NaN;
		const verdict = (v: number, target: number) => `${round(v, 1)} ms ${v <= target ? 'met' : 'MISSED'}`;
		notes.push(
			`data: ${JSON.stringify(counts[0])}; generated and analysed in ${round(s.seconds, 0)} s`,
			`targets on PostgreSQL — dashboard p95 ≤ ${TARGETS.dashboard1} ms at 1 client: ${verdict(p95('référent dashboard/+ audit (followedByMe)/1'), TARGETS.dashboard1)}; ≤ ${TARGETS.dashboard32} ms at 32: ${verdict(p95('référent dashboard/+ audit (followedByMe)/32'), TARGETS.dashboard32)}; inbox p95 ≤ ${TARGETS.inbox32} ms at 32: ${verdict(p95('referral inbox/+ audit (listReferrals)/32'), TARGETS.inbox32)}`,
			'The inbox is the association’s « Orientations reçues » page as the app asks for it (listReferrals: a page of 20 with its total, then the sharing rule and one read event per person named).',
			'Each référent request picks one of the 1,000 référents at random (about 100 persons each); 32 clients share a pool of 10 connections, so latency includes the wait for one.'
		);
	} finally {
		await database?.close();
		await created.drop();
	}
	const tables: Table[] = [
		{
			title: `pathways at ${scale === 1 ? 'département' : 'one tenth of département'} size, latency in ms`,
			columns: ['subject', 'variant', 'clients', 'p50', 'p95', 'p99', 'q/s', 'p95 ÷ bare SQL', ''],
			rows: out
		}
	];
	return { tables, notes, data };
}
