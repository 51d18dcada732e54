import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rows } from '../db/client';
import type { Context } from '../context';
import { actorForUser, findUserByEmail } from '../auth/service';
import { findOrganisationBySlug } from '../organisations/repository';
import { slugify } from '../organisations/service';
import { duplicateKey, nameTokens, seal } from '../crypto/fields';
import { findPerson, insertPerson, insertConsent } from '../pathways/repository';
import { afterReferralChange } from '../pathways/ping-pong';
import { needFromRefusedReferral } from '../pathways/referral-need';
import { inTransaction } from '../db/transaction';
import { DEMO_COOPERATION_NAME } from './cooperations';
import { demoUuid } from './seed';

/**
 * Demo of ping-pong (issue 11 §5): a fictional woman the CCAS de Cahors sent three times in the VIF network within
 * a few weeks, refused each time, so an open flag waits for the coordinator; the first refusal became a need.
 */

const SENDER = 'travailleur.social@demo.maillage.fr';
const RECEIVERS: [organisation: string, reason: string, daysAgo: number][] = [
	['Association Écoute Violences Lot (démo)', 'no_capacity', 34],
	['Association Quercy Solidarités (démo)', 'not_our_mission', 21],
	['CAF du Lot (démo)', 'outside_conditions', 6]
];

async function contextOf(db: Db, email: string): Promise<Context> {
	const user = await findUserByEmail(db, email);
	if (!user) throw new Error(`demo account ${email} is missing: seed the organisations first`);
	return { db, actor: await actorForUser(db, user) };
}

export async function seedDemoPingPong(db: Db): Promise<void> {
	const personId = demoUuid('pathways-pingpong:person');
	if (await findPerson(db, personId)) return;
	const ccas = await findOrganisationBySlug(db, slugify('CCAS de Cahors (démo)'));
	const sender = await findUserByEmail(db, SENDER);
	const [coop] = await rows<{ id: string }>(
		db,
		sql`select id from cooperations where name = ${DEMO_COOPERATION_NAME} limit 1`
	);
	if (!ccas || !sender || !coop) return;
	const [firstName, lastName] = ['Maëlys', 'Fauvette-Lagarrigue'];
	await insertPerson(db, {
		id: personId,
		organisationId: ccas.id,
		identitySealed: seal({ firstName, lastName, birthDate: '1993-09-14' }, personId),
		contactSealed: seal({ phone: '06 00 00 00 46' }, personId),
		situationSealed: seal(
			'Hébergée en urgence avec deux enfants après un départ du domicile conjugal.',
			personId
		),
		nameTokens: nameTokens([firstName, lastName]),
		duplicateKey: duplicateKey(firstName, lastName, '1993-09-14'),
		communeCode: '46042',
		preferredLanguage: 'fr',
		createdBy: sender.id,
		referentUserId: sender.id,
		referentOrganisationId: ccas.id
	});
	await insertConsent(db, {
		personId,
		organisationIds: [],
		organisationKinds: ['association', 'caf'],
		categories: ['identity', 'contact', 'needs'],
		purposeSealed: seal('Trouver un hébergement et un accompagnement adaptés', personId),
		givenOn: new Date().toISOString().slice(0, 10),
		collectedHow: 'written',
		collectedBy: sender.id
	});
	const day = 86_400_000;
	const now = Date.now();
	let first: string | null = null;
	let last: string | null = null;
	for (const [organisation, reason, daysAgo] of RECEIVERS) {
		const org = await findOrganisationBySlug(db, slugify(organisation));
		if (!org) continue;
		const [service] = await rows<{ id: string }>(
			db,
			sql`select s.id from services s join structures st on st.id = s.structure_id
			    where st.organisation_id = ${org.id} order by s.name limit 1`
		);
		if (!service) continue;
		const created = new Date(now - daysAgo * day);
		const closed = new Date(now - (daysAgo - 3) * day);
		const [row] = await rows<{ id: string }>(
			db,
			sql`insert into referrals (person_id, from_organisation_id, from_user_id, service_id, to_organisation_id,
			      cooperation_id, status, refusal_reason, respond_by, created_at, updated_at, closed_at)
			    values (${personId}, ${ccas.id}, ${sender.id}, ${service.id}, ${org.id}, ${coop.id}, 'refused',
			      ${reason}, ${closed.toISOString().slice(0, 10)}, ${created}, ${closed}, ${closed})
			    returning id`
		);
		first ??= row!.id;
		last = row!.id;
	}
	const ctx = await contextOf(db, SENDER);
	if (last) await inTransaction(ctx, (tx) => afterReferralChange(tx, last!));
	if (first) await needFromRefusedReferral(ctx, first);
}
