import { describe, expect, it } from 'vitest';
import { decodeText, readDataInclusionCsv, readJsonDocument } from './read';
import { list, num, splitId } from './coerce';
import { openingHoursOf } from './hsds';
import { legacyThematiques } from './legacy-v0';

describe('import readers', () => {
	it('decodes UTF-8 (BOM stripped) and falls back to Windows-1252', () => {
		expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x43, 0xc3, 0xa9, 0x72, 0xc3, 0xa9]))).toEqual({
			text: 'Céré',
			latin1: false
		});
		expect(decodeText(new Uint8Array([0x43, 0xe9, 0x72, 0xe9, 0x20, 0x80, 0x20, 0x92, 0x9c, 0xab]))).toEqual({
			text: 'Céré € ’œ«',
			latin1: true
		});
	});

	it('splits data·inclusion ids and list cells', () => {
		expect(splitId('dora--42', undefined)).toEqual({ source: 'dora', sourceId: '42' });
		expect(splitId('mds-figeac', 'cd46')).toEqual({ source: 'cd46', sourceId: 'mds-figeac' });
		expect(splitId('x--a--b', undefined)).toEqual({ source: 'x', sourceId: 'a--b' });
		expect(list('familles| jeunes ,seniors')).toEqual(['familles', 'jeunes', 'seniors']);
		expect(list('{a,b}')).toEqual(['a', 'b']);
		expect(list('')).toEqual([]);
		expect(num('44,4475')).toBe(44.4475);
		expect(num('nord')).toBeNaN();
	});

	it('tells services from structures in a CSV by its header, with semicolons too', () => {
		const services = readDataInclusionCsv(
			'id;structure_id;nom;description\ncd46--1;cd46--s;Aide;Une aide utile\n'
		);
		expect(services.services[0]).toMatchObject({ line: 2, source: 'cd46', structureSourceId: 's' });
		const structures = readDataInclusionCsv('id,nom\ncd46--s,CCAS de Gramat\n');
		expect(structures.structures[0]).toMatchObject({ line: 2, fields: { name: 'CCAS de Gramat' } });
	});

	it('tells a list of services from a list of structures in JSON, and refuses other documents', () => {
		const parsed = readJsonDocument([{ id: 'a--1', structure_id: 'a--s', nom: 'Service' }]);
		expect(parsed.services).toHaveLength(1);
		expect(readJsonDocument({ foo: 1 }).errors[0]).toMatchObject({ code: 'file.unknownFormat' });
		expect(readJsonDocument([{ nom: 'Sans id' }]).errors[0]).toMatchObject({
			field: 'id',
			code: 'required',
			line: 1
		});
	});

	it('reads the flat HSDS form (organizations, services, locations, service_at_locations)', () => {
		const parsed = readJsonDocument({
			organizations: [{ id: 'o1', name: 'CIAS du Grand Cahors', description: 'Action sociale' }],
			services: [
				{
					id: 's1',
					organization_id: 'o1',
					name: 'Portage de repas',
					description: 'Repas livrés',
					status: 'active'
				}
			],
			locations: [
				{
					id: 'l1',
					location_type: 'physical',
					latitude: 44.45,
					longitude: 1.44,
					external_identifier: '46042',
					external_identifier_type: 'code_insee'
				}
			],
			service_at_locations: [{ id: 'x', service_id: 's1', location_id: 'l1' }]
		});
		expect(parsed.format).toBe('hsds');
		expect(parsed.structures).toHaveLength(1);
		expect(parsed.services[0]).toMatchObject({
			structureSourceId: 'o1',
			fields: { name: 'Portage de repas', communeCode: '46042', latitude: 44.45 }
		});
	});

	it('converts HSDS schedules to OpenStreetMap opening hours', () => {
		expect(
			openingHoursOf([
				{ byday: 'MO,TU', opens_at: '09:00', closes_at: '12:00' },
				{ byday: 'WE', opens_at: '14:00:00+01:00', closes_at: '17:30' }
			])
		).toBe('Mo,Tu 09:00-12:00; We 14:00-17:30');
		expect(openingHoursOf([{ description: 'Sur rendez-vous' }])).toBe('Sur rendez-vous');
	});

	it('maps v0 thématiques to v1 where it can', () => {
		expect(
			legacyThematiques([
				'apprendre-francais--communiquer-vie-tous-les-jours',
				'sante--addictions',
				'handicap--x',
				'zzz'
			])
		).toEqual({
			kept: [
				'lecture-ecriture-calcul--maitriser-le-francais',
				'sante--addictions',
				'sante--constituer-un-dossier-mdph-invalidite'
			],
			dropped: ['zzz']
		});
	});
});
