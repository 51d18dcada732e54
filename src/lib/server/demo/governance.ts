import type { Db } from '../db/client';
import type { Context } from '../context';
import { actorForUser, findUserByEmail } from '../auth/service';
import { findOrganisationBySlug } from '../organisations/repository';
import { slugify } from '../organisations/service';
import { createCooperation, listCooperations } from '../cooperations/service';
import { mailer, setMailer } from '../mail';
import {
	actionFromAgendaItem,
	addMember,
	approveMinutes,
	createAction,
	createBody,
	createDecision,
	createMeeting,
	getMeeting,
	listBodies,
	proposeMinutes,
	recordAttendance,
	saveMinutes
} from '../governance/service';

/** The demo VIF cooperation (another module may have created it already: it is looked up by name). */
export const DEMO_VIF_COOPERATION = 'Réseau violences intrafamiliales du Lot (démo)';
const BASE_URL = 'http://localhost:5173';

const ORGS = {
	departement: 'Département du Lot (démo)',
	caf: 'CAF du Lot (démo)',
	cpam: 'CPAM du Lot (démo)',
	ccas: 'CCAS de Cahors (démo)',
	quercy: 'Association Quercy Solidarités (démo)',
	ecoute: 'Association Écoute Violences Lot (démo)',
	gendarmerie: 'Groupement de gendarmerie du Lot (démo)'
} as const;
type Org = keyof typeof ORGS;
const PEOPLE = {
	camille: 'admin@demo.maillage.fr',
	helene: 'coordination@demo.maillage.fr',
	joel: 'caf@demo.maillage.fr',
	lea: 'ccas@demo.maillage.fr',
	theo: 'travailleur.social@demo.maillage.fr',
	amelie: 'quercy-solidarites@demo.maillage.fr',
	nadia: 'ecoute-violences@demo.maillage.fr',
	francois: 'gendarmerie@demo.maillage.fr'
} as const;
type Person = keyof typeof PEOPLE;

const dayFrom = (base: Date, days: number) =>
	new Date(base.getTime() + days * 86_400_000).toISOString().slice(0, 10);
const at = (base: Date, days: number, hourUtc: number) => {
	const d = new Date(`${dayFrom(base, days)}T00:00:00Z`);
	d.setUTCHours(hourUtc);
	return d;
};

/**
 * The governance of the demo VIF cooperation: a copil with two meetings held (minutes approved by every attendee,
 * decisions, one with a review date, actions, one overdue) and a technical committee with a meeting planned.
 * Idempotent: once the cooperation has bodies, nothing is added. Needs the demo organisations and accounts.
 */
export async function seedDemoGovernance(db: Db, now = new Date()): Promise<{ created: boolean }> {
	const orgs = {} as Record<Org, string>;
	for (const [key, name] of Object.entries(ORGS) as [Org, string][]) {
		const org = await findOrganisationBySlug(db, slugify(name));
		if (!org) return { created: false };
		orgs[key] = org.id;
	}
	const users = {} as Record<Person, string>;
	const contexts = {} as Record<Person, Context>;
	for (const [key, email] of Object.entries(PEOPLE) as [Person, string][]) {
		const user = await findUserByEmail(db, email);
		if (!user) return { created: false };
		users[key] = user.id;
		contexts[key] = { db, actor: await actorForUser(db, user), now: () => now };
	}
	const coordination = contexts.helene;
	const existing = (await listCooperations(coordination, { limit: 1000, offset: 0 })).find(
		(c) => c.name === DEMO_VIF_COOPERATION
	);
	const cooperationId =
		existing?.id ??
		(
			await createCooperation(coordination, {
				name: DEMO_VIF_COOPERATION,
				description:
					'Le réseau des partenaires du Lot qui accueillent, protègent et accompagnent les victimes de violences intrafamiliales.',
				themes: ['famille--surmonter-conflits-separation-violence'],
				territoryType: 'departement',
				territoryCode: '46',
				parties: [
					{ organisationId: orgs.departement, role: 'pilote', signatoryUserIds: [users.camille] },
					{ organisationId: orgs.caf, role: 'contributeur', signatoryUserIds: [users.joel] },
					{ organisationId: orgs.cpam, role: 'contributeur', signatoryUserIds: [] },
					{ organisationId: orgs.ccas, role: 'contributeur', signatoryUserIds: [users.lea] },
					{ organisationId: orgs.quercy, role: 'contributeur', signatoryUserIds: [users.amelie] },
					{ organisationId: orgs.ecoute, role: 'facilitateur', signatoryUserIds: [users.nadia] },
					{ organisationId: orgs.gendarmerie, role: 'contributeur', signatoryUserIds: [] }
				]
			})
		).id;
	if ((await listBodies(coordination, cooperationId)).bodies.length) return { created: false };

	// the demo is seeded quietly: no invitation mails to the outbox
	const previous = mailer();
	setMailer({ send: async () => {} });
	try {
		await seedBodies(coordination, contexts, cooperationId, orgs, users, now);
	} finally {
		setMailer(previous);
	}
	return { created: true };
}

async function seedBodies(
	coordination: Context,
	contexts: Record<Person, Context>,
	cooperationId: string,
	orgs: Record<Org, string>,
	users: Record<Person, string>,
	now: Date
) {
	const start = dayFrom(now, -300);
	const seat = async (
		bodyId: string,
		who: Person,
		org: Org,
		mandate: 'direction' | 'encadrement' | 'operationnel',
		substitute?: Person
	) =>
		(
			await addMember(coordination, bodyId, {
				userId: users[who],
				organisationId: orgs[org],
				mandate,
				substituteUserId: substitute ? users[substitute] : null,
				startsOn: start,
				endsOn: null
			})
		).id;
	const copil = await createBody(coordination, cooperationId, {
		kind: 'pilotage',
		name: 'Comité de pilotage VIF du Lot',
		description: 'Fixe les orientations du réseau, arbitre les moyens et suit le protocole départemental.'
	});
	const copilSeats = {
		camille: await seat(copil.id, 'camille', 'departement', 'direction', 'helene'),
		joel: await seat(copil.id, 'joel', 'caf', 'direction'),
		lea: await seat(copil.id, 'lea', 'ccas', 'direction', 'theo'),
		nadia: await seat(copil.id, 'nadia', 'ecoute', 'encadrement')
	};
	const technique = await createBody(coordination, cooperationId, {
		kind: 'technique',
		name: 'Comité technique VIF',
		description: 'Outille les professionnels : fiche de liaison, circuits de mise à l’abri, formations.'
	});
	await seat(technique.id, 'theo', 'ccas', 'operationnel');
	await seat(technique.id, 'nadia', 'ecoute', 'operationnel');
	await seat(technique.id, 'amelie', 'quercy', 'operationnel');
	await seat(technique.id, 'francois', 'gendarmerie', 'operationnel');

	const held = [
		{
			days: -70,
			title: 'Comité de pilotage n° 1',
			chair: 'camille' as const,
			agenda: [
				{ title: 'Installation du comité et tour de table', description: '', durationMinutes: 20 },
				{ title: 'Protocole départemental de mise à l’abri', description: '', durationMinutes: 60 },
				{ title: 'Plaquette commune à destination des victimes', description: '', durationMinutes: 30 }
			],
			minutes:
				'<h3>Protocole de mise à l’abri</h3><p>Le comité adopte le protocole départemental. Le CCAS de Cahors réserve deux places d’urgence.</p><h3>Plaquette</h3><p>Écoute Violences rédige une plaquette commune.</p>'
		},
		{
			days: -21,
			title: 'Comité de pilotage n° 2',
			chair: 'joel' as const,
			agenda: [
				{ title: 'Bilan des mises à l’abri du trimestre', description: '', durationMinutes: 40 },
				{ title: 'Formation des accueillants', description: '', durationMinutes: 40 }
			],
			minutes:
				'<p>Douze mises à l’abri ce trimestre, toutes sous 24 heures. La formation des accueillants est programmée au printemps.</p>'
		}
	];
	const meetingIds: string[] = [];
	for (const h of held) {
		const meeting = await createMeeting(
			coordination,
			copil.id,
			{
				title: h.title,
				startsAt: at(now, h.days, 13),
				endsAt: at(now, h.days, 15),
				location: 'Hôtel du Département, Cahors',
				chairMemberId: copilSeats[h.chair],
				agenda: h.agenda
			},
			BASE_URL
		);
		meetingIds.push(meeting.id);
		await recordAttendance(coordination, meeting.id, {
			entries: [
				{ memberId: copilSeats.camille, status: 'present', bySubstitute: false },
				{ memberId: copilSeats.joel, status: 'present', bySubstitute: false },
				{ memberId: copilSeats.lea, status: 'present', bySubstitute: h.days > -30 },
				{ memberId: copilSeats.nadia, status: h.days > -30 ? 'excused' : 'present', bySubstitute: false }
			]
		});
		await saveMinutes(contexts[h.chair], meeting.id, { content: h.minutes, reason: '' });
		await proposeMinutes(contexts[h.chair], meeting.id);
		const approvers: Person[] =
			h.days > -30 ? ['camille', 'joel', 'theo'] : ['camille', 'joel', 'lea', 'nadia'];
		for (const who of approvers) await approveMinutes(contexts[who], meeting.id);
	}
	const first = await getMeeting(coordination, meetingIds[0]!);
	const decidedOn = dayFrom(now, -70);
	const protocol = await createDecision(contexts.camille, copil.id, {
		title: 'Adoption du protocole départemental de mise à l’abri',
		text: 'Le comité adopte le protocole : toute victime qui le demande est mise à l’abri sous 24 heures ; le CCAS de Cahors réserve deux places d’urgence.',
		outcome: 'adopté',
		decidedOn,
		meetingId: meetingIds[0]!,
		agendaItemId: first.agenda[1]!.id,
		proposedByUserId: users.camille,
		proposedByOrganisationId: orgs.departement,
		reviewOn: dayFrom(now, 20),
		linkedObjects: []
	});
	await createDecision(contexts.camille, copil.id, {
		title: 'Plaquette commune à destination des victimes',
		text: 'Une plaquette unique présente les numéros utiles (3919, 17, 115) et les lieux d’accueil du Lot.',
		outcome: 'adopté',
		decidedOn,
		meetingId: meetingIds[0]!,
		agendaItemId: first.agenda[2]!.id,
		proposedByUserId: users.nadia,
		proposedByOrganisationId: orgs.ecoute,
		reviewOn: null,
		linkedObjects: []
	});
	// overdue: due a week ago, still open
	await actionFromAgendaItem(contexts.camille, first.agenda[2]!.id, {
		title: 'Rédiger la plaquette commune',
		ownerUserId: users.nadia,
		ownerOrganisationId: orgs.ecoute,
		dueOn: dayFrom(now, -7)
	});
	await createAction(contexts.camille, cooperationId, {
		title: 'Réserver deux places d’hébergement d’urgence',
		description: 'Convention avec le CHRS de Cahors.',
		ownerUserId: users.lea,
		ownerOrganisationId: orgs.ccas,
		dueOn: dayFrom(now, 30),
		bodyId: copil.id,
		meetingId: null,
		agendaItemId: null,
		decisionId: protocol.id
	});
	await createMeeting(
		coordination,
		technique.id,
		{
			title: 'Comité technique : fiche de liaison',
			startsAt: at(now, 14, 8),
			endsAt: at(now, 14, 10),
			location: 'CCAS de Cahors, salle du conseil',
			chairMemberId: null,
			agenda: [
				{ title: 'Relecture de la fiche de liaison', description: '', durationMinutes: 45 },
				{ title: 'Circuit de signalement avec la gendarmerie', description: '', durationMinutes: 45 }
			]
		},
		BASE_URL
	);
}
