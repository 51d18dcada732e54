import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { insertOrganisation, upsertMembership } from '../organisations/repository';
import type { Role } from '../policy/actor';
import { actorWith } from '../testing/actors';
import { createCooperation } from '../cooperations/service';
import type { PartyRole } from '../cooperations/schema';
import * as repo from './repository';

/**
 * Test fixtures of the decisions register: organisations, accounts, a cooperation with parties, bodies with
 * members and decisions, written through the services where they exist and the governance repository elsewhere.
 */

export async function insertUser(db: Db, id: string, name: string) {
	await db.execute(
		sql`insert into users (id, email, display_name) values (${id}, ${`${id}@example.fr`}, ${name})`
	);
	return id;
}

export async function insertOrg(db: Db, name: string, slug: string, commune = '46042') {
	const org = await insertOrganisation(db, {
		name,
		slug,
		kind: 'autre',
		territoryType: 'commune',
		territoryCode: commune
	});
	return org.id;
}

export async function member(db: Db, userId: string, organisationId: string, role: Role) {
	await upsertMembership(db, userId, organisationId, role);
}

export async function cooperationWith(
	db: Db,
	input: {
		name: string;
		territoryType: 'departement' | 'epci' | 'commune' | 'region';
		territoryCode: string;
		themes?: string[];
		parties: { organisationId: string; role: PartyRole }[];
		/** an existing account of an instance administrator (recorded as the creator) */
		adminId: string;
	}
) {
	const admin = { db, actor: actorWith([], { instanceAdmin: true, id: input.adminId }) };
	const created = await createCooperation(admin, {
		name: input.name,
		description: '',
		themes: (input.themes ?? []) as never,
		territoryType: input.territoryType,
		territoryCode: input.territoryCode,
		parties: input.parties.map((p) => ({ ...p, signatoryUserIds: [] }))
	});
	return created.id;
}

export async function body(
	db: Db,
	cooperationId: string,
	name: string,
	kind: 'pilotage' | 'technique' | 'partage_situations',
	themes: string[] = []
) {
	const row = await repo.insertBody(db, {
		cooperationId,
		name,
		kind,
		territoryType: 'departement',
		territoryCode: '46',
		themes
	});
	return row.id;
}

export const seat = (db: Db, bodyId: string, userId: string, organisationId: string, endsOn?: string) =>
	repo.insertMember(db, {
		bodyId,
		userId,
		organisationId,
		mandate: 'operationnel',
		startsOn: '2025-01-01',
		endsOn: endsOn ?? null
	});

export async function decision(
	db: Db,
	cooperationId: string,
	bodyId: string,
	fields: {
		title: string;
		text: string;
		decidedOn: string;
		outcome?: string;
		reviewOn?: string;
		status?: string;
	}
) {
	const row = await repo.insertDecision(db, { cooperationId, bodyId, ...fields });
	return row.id;
}

/**
 * A small register on the demo organisations and accounts, for the system and browser tests until the demo
 * has its own governance (meetings module): the Lot's violences intrafamiliales network with a copil, a
 * « partage de situations » cell where Théo (CCAS) sits, decisions (one with a review date and an action).
 */
export async function seedRegisterSample(db: Db) {
	const one = async (query: ReturnType<typeof sql>) => {
		const result = (await db.execute(query)) as unknown as { rows: { id: string }[] };
		if (!result.rows[0]) throw new Error('demo row missing');
		return result.rows[0].id;
	};
	const org = (name: string) => one(sql`select id from organisations where name = ${name}`);
	const user = (email: string) => one(sql`select id from users where email = ${email}`);
	const dep = await org('Département du Lot (démo)');
	const caf = await org('CAF du Lot (démo)');
	const ccas = await org('CCAS de Cahors (démo)');
	const admin = await user('admin@demo.maillage.fr');
	const theo = await user('travailleur.social@demo.maillage.fr');
	const cooperationId = await cooperationWith(db, {
		name: 'Réseau violences intrafamiliales du Lot (registre)',
		territoryType: 'departement',
		territoryCode: '46',
		themes: ['famille--surmonter-conflits-separation-violence'],
		adminId: admin,
		parties: [
			{ organisationId: dep, role: 'pilote' },
			{ organisationId: caf, role: 'contributeur' },
			{ organisationId: ccas, role: 'contributeur' }
		]
	});
	const copil = await body(db, cooperationId, 'Comité de pilotage VIF', 'pilotage');
	const cell = await body(db, cooperationId, 'Cellule de partage de situations VIF', 'partage_situations');
	await seat(db, cell, theo, ccas);
	const ids = {
		veille: await decision(db, cooperationId, copil, {
			title: 'Création d’une cellule de veille',
			text: 'Le comité de pilotage décide la création d’une cellule de veille sur les violences intrafamiliales, réunie chaque mois.',
			outcome: 'adopté à l’unanimité',
			decidedOn: '2026-02-10',
			reviewOn: '2026-12-10'
		}),
		hebergement: await decision(db, cooperationId, copil, {
			title: 'Hébergement d’urgence des victimes',
			text: 'Trois places d’hébergement d’urgence sont réservées par le CCAS de Cahors pour les victimes et leurs enfants.',
			outcome: 'adopté',
			decidedOn: '2026-04-02'
		}),
		charte: await decision(db, cooperationId, copil, {
			title: 'Adoption de la charte de coopération',
			text: 'La décision d’adopter la charte est prise après l’approbation de chaque partie.',
			decidedOn: '2025-11-20',
			status: 'carried_out'
		}),
		situation: await decision(db, cooperationId, cell, {
			title: 'Orientation de la situation de Mme D.',
			text: 'Orientation vers l’hébergement d’urgence et accompagnement par la CAF.',
			decidedOn: '2026-05-05'
		})
	};
	await repo.insertAction(db, {
		cooperationId,
		decisionId: ids.hebergement,
		title: 'Signer la convention de réservation des places',
		ownerUserId: theo,
		ownerOrganisationId: ccas,
		dueOn: '2026-09-30'
	});
	return { cooperationId, ids };
}
