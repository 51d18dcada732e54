import { sql } from 'drizzle-orm';
import path from 'node:path';
import { rows, type Db } from '../db/client';
import { projectRoot } from '../db/migrate';
import { ANONYMOUS } from '../policy/actor';
import { createUser, findUserByEmail } from '../auth/service';
import { generatePassword } from '../auth/crypto';
import { createOrganisation, upsertMembership } from '../organisations/service';
import { findOrganisationBySlug } from '../organisations/repository';
import { slugify } from '../organisations/service';
import { importTerritories, type ImportSummary } from '../territories/import';
import { loadEtalabSource } from '../territories/source';
import { readCentroids } from '../territories/centroids';
import { DEMO_ORGANISATIONS } from './organisations';

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
			created.push({ email: account.email, password, organisation: demo.name, role: account.role });
		}
	}
	return created;
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
