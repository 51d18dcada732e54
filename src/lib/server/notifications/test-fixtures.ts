import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client';
import { users } from '../auth/schema';
import { organisations } from '../organisations/schema';
import { cooperations } from '../cooperations/schema';
import { actions, bodies, bodyMembers, decisions, meetings } from '../governance/schema';

/* Rows for the tests of reminders and digests (a cooperation of the Lot, its bodies, people). Tests only. */

export async function person(db: Db, displayName: string): Promise<string> {
	const id = randomUUID();
	await db.insert(users).values({ id, email: `${id.slice(0, 8)}@exemple.fr`, displayName });
	return id;
}

export async function organisation(db: Db, name: string): Promise<string> {
	const id = randomUUID();
	await db.insert(organisations).values({
		id,
		name,
		slug: `${name.toLowerCase().replace(/[^a-z]+/g, '-')}-${id.slice(0, 6)}`,
		kind: 'association',
		territoryType: 'departement',
		territoryCode: '46'
	});
	return id;
}

export async function cooperation(db: Db, name: string): Promise<string> {
	const id = randomUUID();
	await db.insert(cooperations).values({ id, name, territoryType: 'departement', territoryCode: '46' });
	return id;
}

export async function body(
	db: Db,
	cooperationId: string,
	name: string,
	kind: 'pilotage' | 'technique' | 'partage_situations' = 'pilotage'
): Promise<string> {
	const id = randomUUID();
	await db
		.insert(bodies)
		.values({ id, cooperationId, kind, name, territoryType: 'departement', territoryCode: '46' });
	return id;
}

export async function seat(
	db: Db,
	bodyId: string,
	userId: string,
	organisationId: string,
	options: { mandate?: 'direction' | 'encadrement' | 'operationnel'; startsOn?: string; endsOn?: string } = {}
): Promise<string> {
	const id = randomUUID();
	await db.insert(bodyMembers).values({
		id,
		bodyId,
		userId,
		organisationId,
		mandate: options.mandate ?? 'operationnel',
		startsOn: options.startsOn ?? '2026-01-05',
		endsOn: options.endsOn ?? null
	});
	return id;
}

export async function meeting(
	db: Db,
	bodyId: string,
	startsAt: string,
	chairMemberId: string | null
): Promise<string> {
	const id = randomUUID();
	const start = new Date(startsAt);
	await db.insert(meetings).values({
		id,
		bodyId,
		title: 'Réunion',
		startsAt: start,
		endsAt: new Date(start.getTime() + 7_200_000),
		chairMemberId
	});
	return id;
}

export async function action(
	db: Db,
	values: {
		cooperationId: string;
		bodyId: string | null;
		title: string;
		ownerUserId: string;
		ownerOrganisationId: string;
		dueOn: string;
		status?: string;
	}
): Promise<string> {
	const id = randomUUID();
	await db.insert(actions).values({ id, ...values, status: values.status ?? 'open' });
	return id;
}

export async function decision(
	db: Db,
	values: {
		cooperationId: string;
		bodyId: string;
		title: string;
		decidedOn: string;
		reviewOn?: string;
		status?: string;
	}
): Promise<string> {
	const id = randomUUID();
	await db
		.insert(decisions)
		.values({ id, text: values.title, ...values, status: values.status ?? 'in_force' });
	return id;
}
