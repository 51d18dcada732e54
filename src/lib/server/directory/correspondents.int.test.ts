import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { actorWith } from '../testing/actors';
import { rows } from '../db/client';
import { ANONYMOUS, type Actor } from '../policy/actor';
import { ForbiddenError } from '../policy/policy';
import { ValidationError } from '../errors';
import type { Context } from '../context';
import { insertOrganisation } from '../organisations/repository';
import { createStructure } from './service';
import {
	createCorrespondent,
	deleteCorrespondent,
	listCorrespondents,
	updateCorrespondent
} from './correspondents';

let t: TestDatabase;
let ccas: string;
let other: string;
let structureId: string;
const ctxOf = (actor: Actor): Context => ({ db: t.db, actor });

beforeAll(async () => {
	t = await createTestDatabase();
	const org = (name: string, slug: string) =>
		insertOrganisation(t.db, {
			name,
			slug,
			kind: 'autre',
			territoryType: 'commune',
			territoryCode: '46042'
		}).then((o) => o.id);
	ccas = await org('CCAS de Cahors', 'ccas');
	other = await org('Mission locale du Lot', 'ml');
	structureId = (
		await createStructure(ctxOf(actorWith([], { instanceAdmin: true })), {
			name: 'CCAS de Cahors',
			description: '',
			organisationId: ccas,
			communeCode: '46042',
			networks: []
		})
	).id;
});
afterAll(() => t.drop());

const member = (organisationId: string) =>
	actorWith([{ organisationId, role: 'member', territory: { type: 'commune', code: '46042' } }]);

describe('correspondents', () => {
	it('the organisation adds, edits and removes its correspondents per theme, audited', async () => {
		const c = ctxOf(member(ccas));
		const added = await createCorrespondent(c, structureId, {
			theme: 'logement-hebergement',
			fullName: 'Margaux Delpech',
			jobTitle: 'Conseillère en économie sociale et familiale',
			phone: '05 65 20 88 00',
			email: 'm.delpech@ccas-cahors.fr'
		});
		await createCorrespondent(c, structureId, {
			theme: 'famille--surmonter-conflits-separation-violence',
			fullName: 'Éric Lacombe',
			jobTitle: 'Travailleur social'
		});
		await updateCorrespondent(c, added.id, { jobTitle: 'CESF, référente logement' });
		const list = await listCorrespondents(ctxOf(member(other)), structureId);
		expect(list.map((x) => [x.theme, x.fullName, x.jobTitle])).toEqual([
			['famille--surmonter-conflits-separation-violence', 'Éric Lacombe', 'Travailleur social'],
			['logement-hebergement', 'Margaux Delpech', 'CESF, référente logement']
		]);
		await deleteCorrespondent(c, added.id);
		expect(await listCorrespondents(c, structureId)).toHaveLength(1);
		const events = await rows<{ action: string }>(
			t.db,
			sql`select action from audit_events where object_type = 'correspondent' order by id`
		);
		expect(events.map((e) => e.action)).toEqual([
			'correspondent.create',
			'correspondent.create',
			'correspondent.update',
			'correspondent.delete'
		]);
	});

	it('named people are for signed-in partners only; another organisation cannot change them', async () => {
		const anonymous = await listCorrespondents(ctxOf(ANONYMOUS), structureId).catch((e) => e);
		expect(anonymous).toBeInstanceOf(ForbiddenError);
		expect(anonymous.status).toBe(401);
		const [kept] = await listCorrespondents(ctxOf(member(ccas)), structureId);
		await expect(
			createCorrespondent(ctxOf(member(other)), structureId, {
				theme: 'sante',
				fullName: 'Intrus',
				jobTitle: ''
			})
		).rejects.toBeInstanceOf(ForbiddenError);
		await expect(deleteCorrespondent(ctxOf(member(other)), kept!.id)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(
			updateCorrespondent(ctxOf(member(other)), kept!.id, { fullName: 'X' })
		).rejects.toBeInstanceOf(ForbiddenError);
	});

	it('the theme must be a data·inclusion category or thématique', async () => {
		const error = await createCorrespondent(ctxOf(member(ccas)), structureId, {
			theme: 'logement--xyz',
			fullName: 'Paul Vidal',
			jobTitle: ''
		}).catch((e) => e);
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.issues).toEqual([{ field: 'theme', message: 'thematique.unknown:logement--xyz' }]);
	});
});
