import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { actorWith } from '../testing/actors';
import { rows } from '../db/client';
import type { Actor } from '../policy/actor';
import { ForbiddenError } from '../policy/policy';
import type { Context } from '../context';
import { ValidationError } from '../errors';
import { insertOrganisation } from '../organisations/repository';
import { createService, createStructure, structureHistory, updateService, updateStructure } from './service';
import { findStructure } from './repository';
import { serviceInputSchema, structurePatchSchema } from './validation';

let t: TestDatabase;
let ccas: string;
let association: string;
let ccasStructure: string;
let associationStructure: string;
const USER = '00000000-0000-4000-8000-000000000001';
const ctxOf = (actor: Actor): Context => ({ db: t.db, actor });
const ccasMember = () => actorWith([{ organisationId: ccas, role: 'member' }]);
const ccasReader = () => actorWith([{ organisationId: ccas, role: 'reader' }]);
const figeacCoordinator = () => actorWith([], { coordinations: [{ type: 'commune', code: '46102' }] });

const auditOf = (objectId: string) =>
	rows<{ action: string; details: { fields: string[] } }>(
		t.db,
		sql`select action, details from audit_events where object_id = ${objectId} and action = 'structure.update' order by id`
	);

beforeAll(async () => {
	t = await createTestDatabase();
	await t.db.execute(
		sql`insert into users (id, email, display_name) values (${USER}, 'agent@example.fr', 'Agent de test')`
	);
	const org = (name: string, slug: string, kind: string, type: string, code: string) =>
		insertOrganisation(t.db, { name, slug, kind, territoryType: type, territoryCode: code }).then(
			(o) => o.id
		);
	ccas = await org('CCAS de Cahors', 'ccas-cahors', 'ccas', 'commune', '46042');
	association = await org('Secours populaire du Lot', 'sp-lot', 'association', 'departement', '46');
	const admin = ctxOf(actorWith([], { instanceAdmin: true }));
	ccasStructure = (
		await createStructure(admin, {
			name: 'CCAS de Cahors',
			description: 'Centre communal d’action sociale.',
			organisationId: ccas,
			communeCode: '46042',
			phone: '05 65 20 88 00',
			networks: []
		})
	).id;
	associationStructure = (
		await createStructure(admin, {
			name: 'Secours populaire — antenne de Figeac',
			description: '',
			organisationId: association,
			communeCode: '46102',
			networks: []
		})
	).id;
});
afterAll(() => t.drop());

describe('updating a structure', () => {
	it('changes only the fields sent, records them in its history and the audit log', async () => {
		const before = (await findStructure(t.db, ccasStructure))!;
		const patch = structurePatchSchema.parse({ address: '73 boulevard Gambetta', phone: '0565208801' });
		await updateStructure(ctxOf(ccasMember()), ccasStructure, patch);
		const after = (await findStructure(t.db, ccasStructure))!;
		expect(after).toMatchObject({
			name: 'CCAS de Cahors',
			description: 'Centre communal d’action sociale.',
			communeCode: '46042',
			organisationId: ccas,
			address: '73 boulevard Gambetta',
			// stored as shown
			phone: '05 65 20 88 01'
		});
		expect(after.sourceId).toBe(before.sourceId);
		const history = await structureHistory(ctxOf(ccasMember()), ccasStructure);
		expect(history[0]).toMatchObject({
			kind: 'update',
			changedByName: 'Agent de test',
			changes: { address: [null, '73 boulevard Gambetta'], phone: ['05 65 20 88 00', '05 65 20 88 01'] }
		});
		const audits = await auditOf(ccasStructure);
		expect(audits.at(-1)!.details.fields.sort()).toEqual(['address', 'phone']);
	});

	it('a PATCH that sends nothing new writes no history line', async () => {
		const history = await structureHistory(ctxOf(ccasMember()), ccasStructure);
		await updateStructure(ctxOf(ccasMember()), ccasStructure, { name: 'CCAS de Cahors' });
		expect(await structureHistory(ctxOf(ccasMember()), ccasStructure)).toHaveLength(history.length);
	});

	it('is decided on the stored structure: another organisation, a reader, a stranger are refused', async () => {
		// the member of the CCAS names their own organisation in the patch: the stored owner decides
		await expect(
			updateStructure(ctxOf(ccasMember()), associationStructure, { organisationId: ccas, name: 'Pris' })
		).rejects.toBeInstanceOf(ForbiddenError);
		await expect(
			updateStructure(ctxOf(ccasReader()), ccasStructure, { name: 'Lecture seule' })
		).rejects.toBeInstanceOf(ForbiddenError);
		expect((await findStructure(t.db, associationStructure))!.name).toBe(
			'Secours populaire — antenne de Figeac'
		);
		expect((await findStructure(t.db, ccasStructure))!.name).toBe('CCAS de Cahors');
	});

	it('a coordinator of Figeac edits a structure in Figeac, but cannot move it out of their territory', async () => {
		await updateStructure(ctxOf(figeacCoordinator()), associationStructure, {
			description: 'Permanence le mardi.'
		});
		expect((await findStructure(t.db, associationStructure))!.description).toBe('Permanence le mardi.');
		await expect(
			updateStructure(ctxOf(figeacCoordinator()), associationStructure, { communeCode: '46042' })
		).rejects.toBeInstanceOf(ForbiddenError);
		await expect(
			updateStructure(ctxOf(figeacCoordinator()), ccasStructure, { description: 'Hors territoire.' })
		).rejects.toBeInstanceOf(ForbiddenError);
		// coordinating a place is not owning what is there: no handing a structure over to another organisation
		await expect(
			updateStructure(ctxOf(figeacCoordinator()), associationStructure, { organisationId: ccas })
		).rejects.toBeInstanceOf(ForbiddenError);
		expect((await findStructure(t.db, associationStructure))!.organisationId).toBe(association);
		expect((await findStructure(t.db, associationStructure))!.communeCode).toBe('46102');
	});

	it('a member cannot hand their structure over to an organisation they are not in', async () => {
		await expect(
			updateStructure(ctxOf(ccasMember()), ccasStructure, { organisationId: association })
		).rejects.toBeInstanceOf(ForbiddenError);
		expect((await findStructure(t.db, ccasStructure))!.organisationId).toBe(ccas);
	});

	it('an unknown commune is a field error and nothing is written', async () => {
		const history = await structureHistory(ctxOf(ccasMember()), ccasStructure);
		await expect(
			updateStructure(ctxOf(ccasMember()), ccasStructure, { communeCode: '46999', name: 'Jamais' })
		).rejects.toBeInstanceOf(ValidationError);
		expect((await findStructure(t.db, ccasStructure))!.name).toBe('CCAS de Cahors');
		expect(await structureHistory(ctxOf(ccasMember()), ccasStructure)).toHaveLength(history.length);
	});

	it('refuses a phone number that is not one, naming the field', () => {
		const parsed = structurePatchSchema.safeParse({ phone: '05 65' });
		expect(parsed.success).toBe(false);
		expect(parsed.error!.issues[0]).toMatchObject({ path: ['phone'], message: 'phone.invalid' });
	});
});

describe('"Téléphoner" needs a number to call', () => {
	it('a service reached by phone without any phone (its own or its structure’s) is refused on phone', async () => {
		const input = serviceInputSchema.parse({
			structureId: associationStructure,
			name: 'Permanence téléphonique',
			description: 'Écoute et orientation par téléphone.',
			mobilisationModes: ['telephoner']
		});
		const error = await createService(ctxOf(actorWith([], { instanceAdmin: true })), input).catch((e) => e);
		expect(error).toBeInstanceOf(ValidationError);
		expect((error as ValidationError).issues).toEqual([{ field: 'phone', message: 'phone.requiredToCall' }]);
		const created = await createService(ctxOf(actorWith([], { instanceAdmin: true })), {
			...input,
			phone: '+33 5 65 34 00 00'
		});
		expect(created.phone).toBe('05 65 34 00 00');
		// removing the number later while "Téléphoner" stays is refused too
		await expect(
			updateService(ctxOf(actorWith([], { instanceAdmin: true })), created.id, { phone: null })
		).rejects.toBeInstanceOf(ValidationError);
	});
});
