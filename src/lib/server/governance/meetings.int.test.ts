import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ICAL from 'ical.js';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { rows } from '../db/client';
import { ValidationError } from '../errors';
import { ForbiddenError } from '../policy/policy';
import { setMailer, type Mail } from '../mail';
import { governanceFixture, type GovernanceFixture } from './test-fixture';
import {
	actionFromAgendaItem,
	addMember,
	approveMinutes,
	cancelMeeting,
	createBody,
	createDecision,
	createMeeting,
	getMeeting,
	getMinutes,
	memberLeaves,
	myActions,
	openActionsOf,
	proposeMinutes,
	proposeNextChair,
	recordAttendance,
	saveMinutes,
	updateAction,
	updateMeeting
} from './service';

let t: TestDatabase;
let f: GovernanceFixture;
const NOW = new Date('2026-12-07T10:00:00Z');
const BASE = 'https://maillage.example.fr';
const sent: Mail[] = [];
let bodyId: string;
const seats = { directrice: '', travailleuse: '', benevole: '' };

beforeAll(async () => {
	t = await createTestDatabase();
	f = await governanceFixture(t.db, NOW);
	setMailer({ send: async (mail) => void sent.push(mail) });
	const ctx = f.ctx(f.actor('cheffe'));
	bodyId = (await createBody(ctx, f.cooperationId, { kind: 'pilotage', name: 'Copil VIF', description: '' }))
		.id;
	const seat = async (
		user: keyof GovernanceFixture['users'],
		org: keyof GovernanceFixture['orgs'],
		startsOn: string,
		substitute?: string
	) =>
		(
			await addMember(ctx, bodyId, {
				userId: f.users[user],
				organisationId: f.orgs[org],
				mandate: 'direction',
				substituteUserId: substitute ?? null,
				startsOn,
				endsOn: null
			})
		).id;
	seats.directrice = await seat('directrice', 'departement', '2026-01-01');
	seats.travailleuse = await seat('travailleuse', 'ccas', '2026-01-02', f.users.suppleant);
	seats.benevole = await seat('benevole', 'ecoute', '2026-01-03');
});
beforeEach(() => void (sent.length = 0));
afterAll(() => t.drop());

const fieldsOf = async (p: Promise<unknown>) => {
	const error = await p.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(ValidationError);
	return Object.fromEntries((error as ValidationError).issues.map((i) => [i.field, i.message]));
};
const event = (mail: Mail) => {
	const attachment = mail.attachments!.find((a) => a.contentType.startsWith('text/calendar'))!;
	const calendar = new ICAL.Component(ICAL.parse(attachment.content));
	const vevent = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
	return {
		method: calendar.getFirstPropertyValue('method'),
		uid: vevent.uid,
		sequence: vevent.sequence,
		summary: vevent.summary,
		status: vevent.component.getFirstPropertyValue('status'),
		start: vevent.startDate.toJSDate().toISOString(),
		contentType: attachment.contentType
	};
};
const meetingInput = (over: Record<string, unknown> = {}) => ({
	title: 'Copil de décembre',
	startsAt: new Date('2026-12-15T13:30:00Z'),
	endsAt: new Date('2026-12-15T16:00:00Z'),
	location: 'Hôtel du Département, Cahors',
	chairMemberId: seats.directrice,
	agenda: [
		{ title: 'Bilan des mises à l’abri', description: '', durationMinutes: 30 },
		{ title: 'Protocole de signalement', description: 'Relecture', durationMinutes: 45 }
	],
	...over
});

describe('meetings and invitations', () => {
	it('invites the current members with an iCalendar REQUEST, an update with SEQUENCE+1 and a CANCEL', async () => {
		const ctx = f.ctx(f.actor('cheffe'));
		const meeting = await createMeeting(ctx, bodyId, meetingInput(), BASE);
		expect(sent.map((m) => m.to).sort()).toEqual(
			['benevole', 'directrice', 'travailleuse'].map((k) => `${k}@gouvernance.example.fr`)
		);
		const first = event(sent[0]!);
		expect(first).toMatchObject({
			method: 'REQUEST',
			uid: `${meeting.id}@maillage.meetings`,
			sequence: 0,
			summary: 'Copil de décembre',
			start: '2026-12-15T13:30:00.000Z'
		});
		expect(first.contentType).toContain('method=REQUEST');
		const detail = await getMeeting(ctx, meeting.id);
		expect(detail.totalMinutes).toBe(75);

		sent.length = 0;
		await updateMeeting(ctx, meeting.id, { startsAt: new Date('2026-12-15T14:00:00Z') }, BASE);
		const update = event(sent[0]!);
		expect(update).toMatchObject({
			method: 'REQUEST',
			uid: first.uid,
			sequence: 1,
			start: '2026-12-15T14:00:00.000Z'
		});
		const kept = await getMeeting(ctx, meeting.id);
		expect(kept.meeting.location).toBe('Hôtel du Département, Cahors');
		expect(kept.agenda).toHaveLength(2);

		sent.length = 0;
		await cancelMeeting(ctx, meeting.id, BASE);
		expect(event(sent[0]!)).toMatchObject({
			method: 'CANCEL',
			uid: first.uid,
			sequence: 2,
			status: 'CANCELLED'
		});
		expect(sent[0]!.attachments![0]!.contentType).toContain('method=CANCEL');
	});

	it('refuses dates out of order and a chair outside the body with field messages, nothing written', async () => {
		const ctx = f.ctx(f.actor('cheffe'));
		const before = (await rows<{ n: number }>(t.db, sql`select count(*)::int as n from meetings`))[0]!.n;
		expect(
			await fieldsOf(
				createMeeting(ctx, bodyId, meetingInput({ endsAt: new Date('2026-12-15T12:00:00Z') }), BASE)
			)
		).toEqual({ endsAt: 'governance.endBeforeStart' });
		const other = await createBody(ctx, f.cooperationId, {
			kind: 'technique',
			name: 'Autre comité',
			description: ''
		});
		const outsider = await addMember(ctx, other.id, {
			userId: f.users.cheffe,
			organisationId: f.orgs.departement,
			mandate: 'encadrement',
			substituteUserId: null,
			startsOn: '2026-01-01',
			endsOn: null
		});
		// the newcomer digest of that seat is the only mail so far
		expect(sent.map((m) => m.subject)).toEqual(['Maillage\u202f: bienvenue dans Autre comité']);
		sent.length = 0;
		expect(
			await fieldsOf(createMeeting(ctx, bodyId, meetingInput({ chairMemberId: outsider.id }), BASE))
		).toEqual({
			chairMemberId: 'governance.chairNotMember'
		});
		expect((await rows<{ n: number }>(t.db, sql`select count(*)::int as n from meetings`))[0]!.n).toBe(
			before
		);
		expect(sent).toEqual([]);
		await expect(
			createMeeting(f.ctx(f.actor('travailleuse')), bodyId, meetingInput(), BASE)
		).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('proposes the next chair in turn, skipping members who left', async () => {
		const ctx = f.ctx(f.actor('cheffe'));
		// the last meeting (cancelled above) was chaired by the directrice: next in order of arrival is the CCAS
		expect((await proposeNextChair(ctx, bodyId))!.id).toBe(seats.travailleuse);
		await createMeeting(
			ctx,
			bodyId,
			meetingInput({
				startsAt: new Date('2027-01-12T13:30:00Z'),
				endsAt: new Date('2027-01-12T15:00:00Z'),
				chairMemberId: seats.travailleuse
			}),
			BASE
		);
		expect((await proposeNextChair(ctx, bodyId))!.id).toBe(seats.benevole);
		// a temporary body where the next in turn has left: the turn goes round to the first
		const body = await createBody(ctx, f.cooperationId, {
			kind: 'technique',
			name: 'Groupe de travail',
			description: ''
		});
		const add = (user: 'directrice' | 'benevole', org: 'departement' | 'ecoute', startsOn: string) =>
			addMember(ctx, body.id, {
				userId: f.users[user],
				organisationId: f.orgs[org],
				mandate: 'operationnel',
				substituteUserId: null,
				startsOn,
				endsOn: null
			});
		const a = await add('directrice', 'departement', '2026-01-01');
		const b = await add('benevole', 'ecoute', '2026-02-01');
		await createMeeting(ctx, body.id, meetingInput({ chairMemberId: a.id }), BASE);
		await memberLeaves(ctx, b.id, { endsOn: '2026-11-30', successorMemberId: null });
		expect((await proposeNextChair(ctx, body.id))!.id).toBe(a.id);
	});
});

describe('attendance, minutes, decisions and actions', () => {
	let meetingId: string;
	let agendaItemId: string;
	beforeAll(async () => {
		const ctx = f.ctx(f.actor('cheffe'));
		const meeting = await createMeeting(
			ctx,
			bodyId,
			meetingInput({ startsAt: new Date('2026-11-20T09:00:00Z'), endsAt: new Date('2026-11-20T11:00:00Z') }),
			BASE
		);
		meetingId = meeting.id;
		agendaItemId = (await getMeeting(ctx, meetingId)).agenda[1]!.id;
	});

	it('records attendance, a substitute present for a member, and refuses seats of other bodies', async () => {
		const chair = f.ctx(f.actor('directrice'));
		expect(
			await fieldsOf(
				recordAttendance(chair, meetingId, {
					entries: [
						{ memberId: '00000000-0000-4000-8000-00000000beef', status: 'present', bySubstitute: false }
					]
				})
			)
		).toEqual({ 'entries.0.memberId': 'governance.notASeat' });
		await expect(
			recordAttendance(f.ctx(f.actor('benevole')), meetingId, { entries: [] })
		).rejects.toBeInstanceOf(ForbiddenError);
		const rows = await recordAttendance(chair, meetingId, {
			entries: [
				{ memberId: seats.directrice, status: 'present', bySubstitute: false },
				{ memberId: seats.travailleuse, status: 'present', bySubstitute: true },
				{ memberId: seats.benevole, status: 'excused', bySubstitute: false }
			]
		});
		expect(rows.find((r) => r.memberId === seats.travailleuse)!.attendeeUserId).toBe(f.users.suppleant);
	});

	it('minutes are sanitised, proposed, approved by every attendee present; an amendment reopens the approvals', async () => {
		const chair = f.ctx(f.actor('directrice'));
		await expect(
			saveMinutes(f.ctx(f.actor('benevole')), meetingId, { content: '<p>x</p>', reason: '' })
		).rejects.toBeInstanceOf(ForbiddenError);
		const minutes = await saveMinutes(chair, meetingId, {
			content:
				'<p>Bilan <strong>positif</strong><script>alert(1)</script><img src=x onerror=alert(1)></p><a href="javascript:alert(1)">lien</a>',
			reason: ''
		});
		expect(minutes.content).toBe(
			'<p>Bilan <strong>positif</strong></p><a rel="noopener noreferrer">lien</a>'
		);
		expect(await fieldsOf(approveMinutes(chair, meetingId))).toEqual({
			status: 'governance.minutesNotProposed'
		});
		await proposeMinutes(chair, meetingId);
		// the excused member is no attendee: they do not approve; the substitute present does
		await expect(approveMinutes(f.ctx(f.actor('benevole')), meetingId)).rejects.toBeInstanceOf(
			ForbiddenError
		);
		await expect(approveMinutes(f.ctx(f.actor('travailleuse')), meetingId)).rejects.toBeInstanceOf(
			ForbiddenError
		);
		expect((await approveMinutes(chair, meetingId)).minutes.status).toBe('proposed');
		// amended after one approval: revision 2, the approval of revision 1 no longer counts
		await saveMinutes(chair, meetingId, {
			content: '<p>Bilan positif, avec réserves.</p>',
			reason: 'Réserve du CCAS'
		});
		expect((await approveMinutes(f.ctx(f.actor('suppleant')), meetingId)).minutes.status).toBe('proposed');
		const approved = await approveMinutes(chair, meetingId);
		expect(approved.minutes.status).toBe('approved');
		const read = await getMinutes(f.ctx(f.actor('lecteur')), meetingId);
		expect(read.revisions.map((r) => r.revision)).toEqual([1, 2]);
		expect(read.approvals.map((a) => [a.revision, a.displayName])).toEqual([
			[1, 'Hélène Lacombe'],
			[2, 'Marc Vialard'],
			[2, 'Hélène Lacombe']
		]);
		expect(
			await fieldsOf(saveMinutes(chair, meetingId, { content: '<p>Changement</p>', reason: '' }))
		).toEqual({ content: 'governance.minutesApproved' });
	});

	it('records a decision with its history row; the review date may not precede it', async () => {
		const chair = f.ctx(f.actor('directrice'));
		const input = {
			title: 'Adopter le protocole de signalement',
			text: 'Le protocole est adopté pour un an.',
			outcome: 'adopté',
			decidedOn: '2026-11-20',
			meetingId,
			agendaItemId,
			proposedByUserId: f.users.travailleuse,
			proposedByOrganisationId: f.orgs.ccas,
			reviewOn: '2027-11-20',
			linkedObjects: []
		};
		expect(await fieldsOf(createDecision(chair, bodyId, { ...input, reviewOn: '2026-11-01' }))).toEqual({
			reviewOn: 'governance.reviewBeforeDecision'
		});
		expect(
			await fieldsOf(createDecision(chair, bodyId, { ...input, proposedByOrganisationId: f.orgs.outsider }))
		).toEqual({ proposedByOrganisationId: 'governance.organisationNotParty' });
		await expect(createDecision(f.ctx(f.actor('benevole')), bodyId, input)).rejects.toBeInstanceOf(
			ForbiddenError
		);
		const decision = await createDecision(chair, bodyId, input);
		expect(decision.status).toBe('in_force');
		const history = await rows<{ kind: string }>(
			t.db,
			sql`select kind from decision_history where decision_id = ${decision.id}`
		);
		expect(history).toEqual([{ kind: 'create' }]);
	});

	it('turns an agenda item into an action in one step; the owner finds it in « Mes actions » and updates it', async () => {
		const chair = f.ctx(f.actor('directrice'));
		expect(
			await fieldsOf(
				actionFromAgendaItem(chair, agendaItemId, {
					ownerUserId: f.users.benevole,
					ownerOrganisationId: f.orgs.ccas,
					dueOn: '2026-12-01'
				})
			)
		).toEqual({ ownerUserId: 'governance.userNotInOrganisation' });
		const action = await actionFromAgendaItem(chair, agendaItemId, {
			ownerUserId: f.users.benevole,
			ownerOrganisationId: f.orgs.ecoute,
			dueOn: '2026-12-01'
		});
		expect(action).toMatchObject({ title: 'Protocole de signalement', meetingId, bodyId, agendaItemId });
		const mine = await myActions(f.ctx(f.actor('benevole')));
		expect(mine.map((a) => [a.title, a.overdue])).toEqual([['Protocole de signalement', true]]);
		const updated = await updateAction(f.ctx(f.actor('benevole')), action.id, { status: 'done' });
		expect(updated.status).toBe('done');
		expect(updated.title).toBe('Protocole de signalement');
		expect(updated.completedAt).not.toBeNull();
		await expect(
			updateAction(f.ctx(f.actor('lecteur')), action.id, { status: 'open' })
		).rejects.toBeInstanceOf(ForbiddenError);
		expect((await openActionsOf(f.ctx(f.actor('lecteur')), f.cooperationId)).map((a) => a.id)).not.toContain(
			action.id
		);
	});
});

describe('partage de situations', () => {
	it('its minutes are read by its members only: not other members, coordinators or instance admins', async () => {
		const ctx = f.ctx(f.actor('cheffe'));
		const body = await createBody(ctx, f.cooperationId, {
			kind: 'partage_situations',
			name: 'Cellule de partage de situations',
			description: ''
		});
		const seat = await addMember(ctx, body.id, {
			userId: f.users.travailleuse,
			organisationId: f.orgs.ccas,
			mandate: 'operationnel',
			substituteUserId: null,
			startsOn: '2026-01-01',
			endsOn: null
		});
		const member = f.ctx(f.actor('travailleuse'));
		const meeting = await createMeeting(
			ctx,
			body.id,
			meetingInput({
				chairMemberId: seat.id,
				startsAt: new Date('2026-11-25T09:00:00Z'),
				endsAt: new Date('2026-11-25T10:00:00Z')
			}),
			BASE
		);
		// a manager who does not sit there cannot write them either
		await expect(saveMinutes(ctx, meeting.id, { content: '<p>x</p>', reason: '' })).rejects.toBeInstanceOf(
			ForbiddenError
		);
		await recordAttendance(member, meeting.id, {
			entries: [{ memberId: seat.id, status: 'present', bySubstitute: false }]
		});
		await saveMinutes(member, meeting.id, {
			content: '<p>Situation de Mme A. : mise à l’abri.</p>',
			reason: ''
		});
		await proposeMinutes(member, meeting.id);
		const before = (
			await rows<{ n: number }>(
				t.db,
				sql`select count(*)::int as n from notification_recipients where user_id <> ${f.users.travailleuse}
				and event_id in (select id from notification_events where body_id = ${body.id})`
			)
		)[0]!.n;
		expect(before).toBe(0);
		expect((await getMinutes(member, meeting.id)).minutes!.content).toContain('Mme A.');
		for (const other of [
			f.ctx(f.actor('cheffe')),
			f.ctx(f.actor('directrice')),
			f.ctx(f.coordinator),
			f.ctx(f.instanceAdmin)
		])
			await expect(getMinutes(other, meeting.id)).rejects.toBeInstanceOf(ForbiddenError);
		const audited = await rows<{ n: number }>(
			t.db,
			sql`select count(*)::int as n from audit_events where action = 'minutes.read' and object_id = ${meeting.id}`
		);
		expect(audited[0]!.n).toBe(1);
	});
});
