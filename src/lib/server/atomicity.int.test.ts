import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from './testing/db';
import { actorWith } from './testing/actors';
import { ANONYMOUS } from './policy/actor';
import type { Context } from './context';
import { setMailer } from './mail';
import { createUser, signIn } from './auth/service';
import { grantCoordination, revokeCoordination } from './auth/coordinations';
import { insertOrganisation } from './organisations/repository';
import {
	addMember,
	createOrganisation,
	inviteMember,
	revokeInvitation,
	acceptInvitation
} from './organisations/service';
import {
	createService,
	createStructure,
	deleteService,
	markServiceChecked,
	updateService,
	updateStructure
} from './directory/service';
import { createCorrespondent, deleteCorrespondent, updateCorrespondent } from './directory/correspondents';
import { attachService, createNode, deleteNode, detachService, updateNode } from './directory/referential';
import { serviceInputSchema } from './directory/validation';
import { createZone, deleteZone } from './territories/service';
import { ValidationError } from './errors';
import { failInsertsAfter, fingerprint } from './testing/failures';

/**
 * Issue 8 §4: one transaction per use case. With the audit insert forced to fail (it is the last write of every
 * use case), each use case must leave every table exactly as it was: no change without its history and audit.
 */

let t: TestDatabase;
let ccas: string;
let structureId: string;
let serviceId: string;
let correspondentId: string;
let politiqueId: string;
let actionId: string;
let zoneId: string;
let coordinationId: string;
let invitationId: string;
let invitationToken: string;
const USER = '00000000-0000-4000-8000-000000000001';
const admin = (): Context => ({ db: t.db, actor: actorWith([], { instanceAdmin: true, id: USER }) });

const fingerprintNow = () => fingerprint(t.db);

/** Runs a use case with every audit insert refused; resolves with its error (or 'committed'). */
async function withAuditFailing(run: () => Promise<unknown>) {
	const restore = await failInsertsAfter(t.db, 'audit_events', 0);
	try {
		return await run().then(
			() => 'committed',
			(error: Error) => error
		);
	} finally {
		await restore();
	}
}

beforeAll(async () => {
	t = await createTestDatabase();
	setMailer({ send: async () => undefined });
	await t.db.execute(
		sql`insert into users (id, email, display_name) values (${USER}, 'agent@example.fr', 'Agent')`
	);
	await createUser(t.db, {
		email: 'lea.roux@ccas-cahors.fr',
		displayName: 'Léa Roux',
		password: 'Quercy-Blanc-2026!'
	});
	ccas = (
		await insertOrganisation(t.db, {
			name: 'CCAS de Cahors',
			slug: 'ccas-cahors',
			kind: 'ccas',
			territoryType: 'commune',
			territoryCode: '46042'
		})
	).id;
	structureId = (
		await createStructure(admin(), {
			name: 'CCAS de Cahors',
			description: '',
			organisationId: ccas,
			communeCode: '46042',
			networks: []
		})
	).id;
	serviceId = (
		await createService(
			admin(),
			serviceInputSchema.parse({
				structureId,
				name: 'Aide alimentaire d’urgence',
				description: 'Colis alimentaires et bons d’achat pour les foyers en difficulté passagère.',
				communeCode: '46042'
			})
		)
	).id;
	correspondentId = (
		await createCorrespondent(admin(), structureId, {
			theme: 'choisir-un-metier',
			fullName: 'Nadia Benali',
			jobTitle: 'Conseillère'
		})
	).id;
	politiqueId = (await createNode(admin(), { departementCode: '46', name: 'Solidarités', description: '' }))
		.id;
	const missionId = (
		await createNode(admin(), {
			departementCode: '46',
			parentId: politiqueId,
			name: 'Insertion',
			description: ''
		})
	).id;
	actionId = (
		await createNode(admin(), {
			departementCode: '46',
			parentId: missionId,
			name: 'Aide alimentaire',
			description: ''
		})
	).id;
	zoneId = (
		await createZone(admin(), {
			name: 'Cahors centre',
			description: '',
			organisationId: ccas,
			communeCodes: ['46042']
		})
	).id;
	coordinationId = (
		await grantCoordination(admin(), {
			email: 'lea.roux@ccas-cahors.fr',
			territoryType: 'commune',
			territoryCode: '46042'
		})
	).id;
	const invitation = await inviteMember(
		admin(),
		ccas,
		{ email: 'theo@ccas-cahors.fr', role: 'member' },
		'https://m.fr'
	);
	invitationId = invitation.id;
	invitationToken = invitation.acceptUrl.split('/invitation/')[1]!;
});
afterAll(() => t.drop());

const USE_CASES: Record<string, () => Promise<unknown>> = {
	'create a structure': () =>
		createStructure(admin(), {
			name: 'Épicerie sociale',
			description: '',
			organisationId: ccas,
			communeCode: '46042',
			networks: []
		}),
	'create a service': () =>
		createService(
			admin(),
			serviceInputSchema.parse({
				structureId,
				name: 'Vestiaire solidaire',
				description: 'Vêtements à petit prix pour tous.'
			})
		),
	'update a structure': () =>
		updateStructure(admin(), structureId, { name: 'CCAS de Cahors — accueil', phone: '05 65 20 88 00' }),
	'update a service': () =>
		updateService(admin(), serviceId, { name: 'Aide alimentaire', phone: '05 65 00 00 00' }),
	'confirm a service': () => markServiceChecked(admin(), serviceId),
	'delete a service': () => deleteService(admin(), serviceId),
	'create a correspondent': () =>
		createCorrespondent(admin(), structureId, {
			theme: 'choisir-un-metier',
			fullName: 'Paul Durand',
			jobTitle: ''
		}),
	'update a correspondent': () => updateCorrespondent(admin(), correspondentId, { phone: '05 65 11 11 11' }),
	'delete a correspondent': () => deleteCorrespondent(admin(), correspondentId),
	'create a referential node': () =>
		createNode(admin(), { departementCode: '46', name: 'Autonomie', description: '' }),
	'rename a referential node': () => updateNode(admin(), politiqueId, { name: 'Solidarités et insertion' }),
	'delete a referential node': () => deleteNode(admin(), actionId),
	'attach a service to an action': () => attachService(admin(), actionId, serviceId),
	'create a zone': () =>
		createZone(admin(), { name: 'Figeac', description: '', organisationId: ccas, communeCodes: ['46102'] }),
	'delete a zone': () => deleteZone(admin(), zoneId),
	'create an organisation': () =>
		createOrganisation(admin(), {
			name: 'CIAS du Grand Figeac',
			kind: 'ccas',
			territoryType: 'commune',
			territoryCode: '46102'
		}),
	'change a member’s role': () => addMember(admin(), ccas, USER, 'reader'),
	'invite a member': () =>
		inviteMember(admin(), ccas, { email: 'ines@ccas-cahors.fr', role: 'reader' }, 'https://m.fr'),
	'revoke an invitation': () => revokeInvitation(admin(), invitationId),
	'accept an invitation': () =>
		acceptInvitation({ db: t.db, actor: ANONYMOUS }, invitationToken, {
			displayName: 'Théo Garcia',
			password: 'Lalbenque-truffes-46'
		}),
	'give a coordination': () =>
		grantCoordination(admin(), {
			email: 'lea.roux@ccas-cahors.fr',
			territoryType: 'epci',
			territoryCode: '200067361'
		}),
	'revoke a coordination': () => revokeCoordination(admin(), coordinationId),
	'sign in': () =>
		signIn({ db: t.db, actor: ANONYMOUS, ip: '192.0.2.1' }, 'lea.roux@ccas-cahors.fr', 'Quercy-Blanc-2026!')
};

describe('one transaction per use case (issue 8 §4)', () => {
	for (const [name, run] of Object.entries(USE_CASES)) {
		it(`${name}: a failing audit entry leaves every table as it was`, async () => {
			const before = await fingerprintNow();
			const outcome = await withAuditFailing(run);
			expect(outcome, `${name} must fail with its audit entry`).toBeInstanceOf(Error);
			expect(await fingerprintNow()).toEqual(before);
		});
	}

	it('detaching is atomic too (a service attached first)', async () => {
		await attachService(admin(), actionId, serviceId);
		const before = await fingerprintNow();
		expect(await withAuditFailing(() => detachService(admin(), actionId, serviceId))).toBeInstanceOf(Error);
		expect(await fingerprintNow()).toEqual(before);
	});

	it('a referential update refused half-way (unknown parent) keeps the new name out', async () => {
		const before = await fingerprintNow();
		await expect(
			updateNode(admin(), actionId, {
				name: 'Nom jamais enregistré',
				parentId: '6b1f6a36-2f7e-4a55-9f0e-0d5c1d2e3f40'
			})
		).rejects.toBeInstanceOf(ValidationError);
		expect(await fingerprintNow()).toEqual(before);
	});

	it('the use cases do commit when nothing fails (the test can tell)', async () => {
		const before = await fingerprintNow();
		await updateService(admin(), serviceId, { name: 'Aide alimentaire du CCAS' });
		const after = await fingerprintNow();
		for (const table of ['services', 'service_history', 'audit_events'])
			expect(after[table]).not.toBe(before[table]);
		await updateStructure(admin(), structureId, { description: 'Centre communal d’action sociale.' });
		const afterStructure = await fingerprintNow();
		for (const table of ['structures', 'structure_history', 'audit_events'])
			expect(afterStructure[table]).not.toBe(after[table]);
	});
});
