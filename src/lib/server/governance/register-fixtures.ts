import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { insertOrganisation, upsertMembership } from '../organisations/repository';
import type { Role } from '../policy/actor';
import { actorWith } from '../testing/actors';
import { createCooperation } from '../cooperations/service';
import type { PartyRole } from '../cooperations/schema';
import * as repo from './register-repository';

/**
 * Test fixtures of the decisions register: organisations, accounts, a cooperation with parties, bodies with
 * members and decisions, written through the services where they exist and the register's repository elsewhere.
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
	repo.insertBodyMember(db, {
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
