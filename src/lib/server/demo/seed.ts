import { and, eq, inArray, sql } from 'drizzle-orm';
import { seedDemoGovernance } from './governance';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { rows, type Db } from '../db/client';
import { projectRoot } from '../db/migrate';
import { ANONYMOUS } from '../policy/actor';
import { createUser, findUserByEmail } from '../auth/service';
import { generatePassword } from '../auth/crypto';
import { createOrganisation, upsertMembership } from '../organisations/service';
import { grantCoordination } from '../auth/coordinations';
import { findOrganisationBySlug } from '../organisations/repository';
import { slugify } from '../organisations/service';
import { importTerritories, type ImportSummary } from '../territories/import';
import { loadEtalabSource } from '../territories/source';
import { readCentroids } from '../territories/centroids';
import { DEMO_ORGANISATIONS } from './organisations';
import { seedDemoCooperation } from './cooperations';
import { DEMO_SOURCE, DEMO_STRUCTURES, type DemoService, type DemoStructure } from './services';
import { DEMO_REFERENTIAL, DEMO_REFERENTIAL_DEPARTEMENT, type DemoNode } from './referential';
import {
	actionServices,
	correspondents,
	referentialNodes,
	serviceHistory,
	services,
	structures
} from '../directory/schema';
import { communes } from '../territories/schema';
import { refreshSearchWords } from '../directory/search-words';
import { audit } from '../audit/service';
import { seedDemoCharters } from './charters';
import { seedDemoReferrals } from './pathways-referrals';
import { seedDemoPingPong } from './pathways-pingpong';
import { demoPersonIds, seedDemoPersons } from './pathways-persons';
import { seedDemoFollowup } from './pathways-followup';
import { seedDemoFund } from './pathways-fund';
import { importDemoIndicators } from '../indicators/presets';
import { listDefinitions } from '../indicators/service';

const SYSTEM = { ...ANONYMOUS, user: { id: '', email: '', displayName: 'système', isInstanceAdmin: true } };

/** Loads all of France, with centroids for the demo départements (shipped shapes) or a given folder. */
export async function loadTerritories(db: Db, options: { geoDir?: string; departements?: string[] } = {}) {
	const centroids = readCentroids(options.geoDir ?? path.join(projectRoot(), 'assets', 'geo'));
	return importTerritories(db, loadEtalabSource(), { centroids, departements: options.departements });
}

export interface DemoCredentials {
	email: string;
	password: string;
	organisation: string;
	role: string;
}

/**
 * Creates the demo organisations and accounts. Passwords are random unless given (tests);
 * accounts that already exist are left alone, so running it twice changes nothing.
 */
export async function seedDemo(db: Db, options: { password?: string } = {}): Promise<DemoCredentials[]> {
	const created: DemoCredentials[] = [];
	const ctx = { db, actor: SYSTEM };
	for (const demo of DEMO_ORGANISATIONS) {
		const org =
			(await findOrganisationBySlug(db, slugify(demo.name))) ??
			(await createOrganisation(ctx, {
				name: demo.name,
				kind: demo.kind as never,
				territoryType: demo.territoryType,
				territoryCode: demo.territoryCode,
				isDemo: true
			}));
		for (const account of demo.accounts) {
			if (await findUserByEmail(db, account.email)) continue;
			const password = options.password ?? generatePassword();
			const user = await createUser(db, {
				email: account.email,
				displayName: account.displayName,
				password,
				isInstanceAdmin: account.instanceAdmin ?? false
			});
			await upsertMembership(db, user.id, org.id, account.role);
			if (account.coordinates)
				await grantCoordination(ctx, {
					email: account.email,
					territoryType: account.coordinates.type,
					territoryCode: account.coordinates.code
				});
			const role = account.coordinates
				? `${account.role} + coordination ${account.coordinates.type} ${account.coordinates.code}`
				: account.role;
			created.push({ email: account.email, password, organisation: demo.name, role });
		}
	}
	await seedDemoDirectory(db);
	await seedDemoCooperation(db);
	await seedDemoGovernance(db);
	await seedDemoCharters(db);
	const personsExisted = (await demoPersonIds(db)).length > 0;
	await seedDemoPersons(db);
	if (!personsExisted) await seedDemoFollowup(db, await demoPersonIds(db));
	await seedDemoReferrals(db);
	await seedDemoPingPong(db);
	await seedDemoFund(db);
	// the Insee comparateur of the Lot and the Gers (shipped extract), once
	if (!(await listDefinitions(ctx)).some((d) => d.code === 'P18_POP')) {
		const indicators = await importDemoIndicators(ctx);
		if (indicators.errors.length > 0)
			throw new Error(`indicateurs de démonstration : ${indicators.errors[0]!.message}`);
	}
	return created;
}

/** A UUID derived from a stable key, so demo rows without a natural key are created once only. */
export function demoUuid(key: string): string {
	const h = createHash('sha1').update(`maillage-demo:${key}`).digest('hex');
	const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * A point a few hundred metres from the commune's centroid, always the same for a key:
 * several services of one town are not drawn on top of each other.
 */
export function demoOffset(key: string, latitude: number, longitude: number) {
	const h = createHash('sha1').update(key).digest();
	const angle = (h.readUInt16BE(0) / 65536) * 2 * Math.PI;
	const metres = 150 + (h.readUInt16BE(2) / 65536) * 750;
	const round = (v: number) => Math.round(v * 1e6) / 1e6;
	return {
		latitude: round(latitude + (metres * Math.cos(angle)) / 111_320),
		longitude: round(
			longitude + (metres * Math.sin(angle)) / (111_320 * Math.cos((latitude * Math.PI) / 180))
		)
	};
}

const MONTH_MS = 30.44 * 24 * 3600_000;

export interface DemoDirectorySummary {
	structures: number;
	services: number;
	correspondents: number;
	referentialNodes: number;
}

/**
 * The demo offer of the Lot: structures, services, correspondents and the Politique → Mission → Action tree.
 * Rows are keyed by stable source ids (or ids derived from stable keys): seeding again inserts only what is
 * missing and never overwrites what partners edited. Needs the communes of the Lot; without them it does nothing.
 */
export async function seedDemoDirectory(db: Db, now = new Date()): Promise<DemoDirectorySummary> {
	const inserted: DemoDirectorySummary = {
		structures: 0,
		services: 0,
		correspondents: 0,
		referentialNodes: 0
	};
	const codes = new Set<string>();
	for (const s of DEMO_STRUCTURES) {
		codes.add(s.communeCode);
		for (const service of s.services) if (service.communeCode) codes.add(service.communeCode);
	}
	const places = new Map(
		(
			await db
				.select({ code: communes.code, latitude: communes.latitude, longitude: communes.longitude })
				.from(communes)
				.where(inArray(communes.code, [...codes]))
		).map((c) => [c.code, c])
	);
	if (places.size < codes.size) return inserted; // territories not loaded (or another country's data)
	const organisationIds = new Map<string, string>();
	for (const demo of DEMO_ORGANISATIONS) {
		const org = await findOrganisationBySlug(db, slugify(demo.name));
		if (org) organisationIds.set(demo.name, org.id);
	}
	const pointOf = (key: string, communeCode: string) => {
		const c = places.get(communeCode);
		return c?.latitude != null && c.longitude != null
			? demoOffset(key, c.latitude, c.longitude)
			: { latitude: null, longitude: null };
	};
	const postalCodeOf = (structure: DemoStructure, service: DemoService) =>
		!service.communeCode || service.communeCode === structure.communeCode ? structure.postalCode : null;

	await db.transaction(async (tx) => {
		const newStructures = await tx
			.insert(structures)
			.values(
				DEMO_STRUCTURES.map((s) => ({
					source: DEMO_SOURCE,
					sourceId: s.id,
					organisationId: s.organisation ? (organisationIds.get(s.organisation) ?? null) : null,
					name: s.name,
					description: s.description,
					communeCode: s.communeCode,
					postalCode: s.postalCode,
					address: s.address,
					...pointOf(`structure:${s.id}`, s.communeCode),
					phone: s.phone,
					email: s.email,
					website: s.website ?? null,
					openingHours: s.openingHours,
					networks: s.networks ?? [],
					sourceUpdatedOn: now.toISOString().slice(0, 10),
					isDemo: true
				}))
			)
			.onConflictDoNothing({ target: [structures.source, structures.sourceId] })
			.returning({ id: structures.id });
		inserted.structures = newStructures.length;
		const structureIds = new Map(
			(
				await tx
					.select({ id: structures.id, sourceId: structures.sourceId })
					.from(structures)
					.where(eq(structures.source, DEMO_SOURCE))
			).map((r) => [r.sourceId, r.id])
		);

		const serviceRows = DEMO_STRUCTURES.flatMap((s) =>
			s.services.map((v) => {
				const checked = new Date(now.getTime() - (v.checkedMonthsAgo ?? 1) * MONTH_MS);
				const communeCode = v.communeCode ?? s.communeCode;
				return {
					structureId: structureIds.get(s.id)!,
					source: DEMO_SOURCE,
					sourceId: v.id,
					name: v.name,
					description: v.description,
					type: v.type,
					thematiques: v.thematiques,
					fees: v.fees,
					feesDetails: v.feesDetails ?? null,
					publics: v.publics,
					publicsDetails: v.publicsDetails ?? null,
					accessConditions: v.accessConditions ?? null,
					receptionModes: v.receptionModes,
					outreach: v.outreach ?? false,
					eligibilityZone: v.eligibilityZone ?? ['46'],
					mobilisationModes: v.mobilisationModes,
					mobilisableBy: v.mobilisableBy,
					mobilisationDetails: v.mobilisationDetails ?? null,
					contactName: v.contactName ?? null,
					phone: v.phone ?? s.phone,
					email: v.email ?? s.email,
					communeCode,
					postalCode: postalCodeOf(s, v),
					address: v.address ?? s.address,
					...pointOf(`service:${v.id}`, communeCode),
					openingHours: v.openingHours ?? s.openingHours,
					languages: v.languages ?? ['fr'],
					accessibility: v.accessibility ?? null,
					sourceUpdatedOn: checked.toISOString().slice(0, 10),
					lastCheckedAt: checked,
					isDemo: true
				};
			})
		);
		const newServices = await tx
			.insert(services)
			.values(serviceRows)
			.onConflictDoNothing({ target: [services.source, services.sourceId] })
			.returning({ id: services.id, lastCheckedAt: services.lastCheckedAt });
		inserted.services = newServices.length;
		if (newServices.length) {
			await tx.insert(serviceHistory).values(
				newServices.map((s) => ({
					serviceId: s.id,
					changedBy: null,
					kind: 'import',
					changedAt: s.lastCheckedAt,
					changes: {}
				}))
			);
		}

		const correspondentRows = DEMO_STRUCTURES.flatMap((s) =>
			(s.correspondents ?? []).map((c) => ({
				id: demoUuid(`correspondent:${c.id}`),
				structureId: structureIds.get(s.id)!,
				theme: c.theme,
				fullName: c.fullName,
				jobTitle: c.jobTitle,
				phone: c.phone ?? null,
				email: c.email ?? null
			}))
		);
		if (correspondentRows.length) {
			inserted.correspondents = (
				await tx
					.insert(correspondents)
					.values(correspondentRows)
					.onConflictDoNothing({ target: correspondents.id })
					.returning({ id: correspondents.id })
			).length;
		}

		const serviceIds = new Map(
			(
				await tx
					.select({ id: services.id, sourceId: services.sourceId })
					.from(services)
					.where(eq(services.source, DEMO_SOURCE))
			).map((r) => [r.sourceId, r.id])
		);
		const nodes: (typeof referentialNodes.$inferInsert)[] = [];
		const links: { nodeId: string; serviceId: string }[] = [];
		const levels = ['politique', 'mission', 'action'] as const;
		const walk = (list: DemoNode[], parentId: string | null, depth: number) =>
			list.forEach((node, position) => {
				const id = demoUuid(`referential:${node.key}`);
				nodes.push({
					id,
					parentId,
					level: levels[depth]!,
					name: node.name,
					description: node.description ?? '',
					position,
					departementCode: DEMO_REFERENTIAL_DEPARTEMENT
				});
				for (const sourceId of node.services ?? []) {
					const serviceId = serviceIds.get(sourceId);
					if (serviceId) links.push({ nodeId: id, serviceId });
				}
				walk(node.children ?? [], id, depth + 1);
			});
		walk(DEMO_REFERENTIAL, null, 0);
		// parents come before their children in `nodes`, so one multi-row insert respects the foreign key
		const newNodes = await tx
			.insert(referentialNodes)
			.values(nodes)
			.onConflictDoNothing({ target: referentialNodes.id })
			.returning({ id: referentialNodes.id });
		inserted.referentialNodes = newNodes.length;
		// attach services only to the demo actions created now: a coordinator's later detachments stay
		const fresh = new Set(newNodes.map((n) => n.id));
		const freshLinks = links.filter((l) => fresh.has(l.nodeId));
		if (freshLinks.length) await tx.insert(actionServices).values(freshLinks).onConflictDoNothing();

		if (inserted.structures + inserted.services + inserted.referentialNodes > 0) {
			await audit(
				{ db: tx as unknown as Db, actor: SYSTEM },
				{ action: 'demo.seedDirectory', objectType: 'service', details: { ...inserted } }
			);
		}
	});
	if (inserted.services > 0) await refreshSearchWords(db);
	return inserted;
}

/** Demo services still in the database (for summaries). */
export async function countDemoServices(db: Db): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(services)
		.where(and(eq(services.source, DEMO_SOURCE), eq(services.isDemo, true)));
	return row?.n ?? 0;
}

export async function isEmpty(db: Db): Promise<{ territories: boolean; accounts: boolean }> {
	const [row] = await rows<{ communes: number; users: number }>(
		db,
		sql`select (select count(*)::int from communes) as communes, (select count(*)::int from users) as users`
	);
	return { territories: (row?.communes ?? 0) === 0, accounts: (row?.users ?? 0) === 0 };
}

export function formatCredentials(credentials: DemoCredentials[]): string {
	const lines = credentials.map(
		(c) => `  ${c.email.padEnd(40)} ${c.password}   ${c.role.padEnd(11)} ${c.organisation}`
	);
	return ['', '  Comptes de démonstration (mots de passe affichés une seule fois) :', ...lines, ''].join(
		'\n'
	);
}

export type { ImportSummary };
