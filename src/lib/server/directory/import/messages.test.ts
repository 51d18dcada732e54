import { describe, expect, it } from 'vitest';
import { readDataInclusionCsv, readJsonDocument } from './read';
import { validateRows } from './validate';
import { legacyNetworks } from './legacy-v0';
import { issueMessage } from './messages';

/** The rules of the import report: which line, which field, which value, and nothing dropped silently. */
const CAHORS = new Set(['46042']);
const check = (csv: string) => {
	const parsed = readDataInclusionCsv(csv, undefined, { source: 'cd46' });
	const checked = validateRows(parsed.structures, parsed.services, CAHORS);
	return {
		parsed,
		errors: [...parsed.errors, ...checked.errors],
		warnings: [...parsed.warnings, ...checked.warnings]
	};
};

describe('CSV line numbers', () => {
	const services = (eol: string) =>
		[
			'id,structure_id,nom,description,publics,date_maj',
			`a,s,Accueil de jour,"Premier paragraphe.${eol}${eol}Deuxième paragraphe.${eol}Troisième.",tous-publics,2025-01-02`,
			'',
			`b,s,Bagagerie,"Consigne${eol}solidaire",pas-un-public,2025-01-02`
		].join(eol) + eol;

	it.each([
		['\n', 'LF'],
		['\r\n', 'CRLF']
	])('names the line where a multi-line record starts (%#: %s)', (eol) => {
		const { parsed, errors } = check(services(eol));
		expect(parsed.services.map((s) => [s.id, s.line])).toEqual([
			['a', 2],
			['b', 7]
		]);
		expect(errors.map((e) => [e.line, e.field, e.value])).toEqual([[7, 'publics', 'pas-un-public']]);
	});
});

describe('values in messages', () => {
	it('"Valeur non valide" always quotes the value; an unknown list item is the one named', () => {
		const { errors } = check(
			[
				'id,structure_id,nom,description,mobilisable_par,latitude,longitude,date_maj',
				'a,s,Accueil de jour,Un accueil sans rendez-vous.,"usagers, professionnels, partenaires",nord,1.44,2025-01-02'
			].join('\n')
		);
		expect(errors.map((e) => [e.field, e.code, e.value])).toEqual([
			['mobilisable_par', 'mobilisablePar.unknown', 'partenaires'],
			['latitude', 'invalid', 'nord']
		]);
		expect(errors[0]!.message).toBe(
			'Valeur inconnue\u202f: «\u202fpartenaires\u202f» (usagers ou professionnels).'
		);
		expect(errors[1]!.message).toBe('Valeur non valide\u202f: «\u202fnord\u202f».');
		expect(issueMessage({ code: 'invalid' })).toBe('Valeur non valide.');
	});

	it('reseaux_porteurs: each code outside the v1 list is refused by name', () => {
		const { errors } = check(
			[
				'id,nom,reseaux_porteurs,date_maj',
				'a,CCAS de Cahors,"ccas-cias, ccas, france-services",2025-01-02'
			].join('\n')
		);
		expect(errors.map((e) => [e.line, e.field, e.code, e.value])).toEqual([
			[2, 'reseaux_porteurs', 'producer.unknownNetwork', 'ccas'],
			[2, 'reseaux_porteurs', 'producer.unknownNetwork', 'france-services']
		]);
	});
});

describe('columns', () => {
	it('a column named twice and unknown columns are warnings; the first non-empty value is read', () => {
		const { parsed, errors, warnings } = check(
			[
				'id,nom,lien_source,Commentaire interne,lien_source,date_maj',
				'a,CCAS de Cahors,,à rappeler,https://www.cahors.fr/ccas,2025-01-02',
				'b,CIAS de Figeac,https://www.grand-figeac.fr/cias,,https://ailleurs.example,2025-01-02'
			].join('\n')
		);
		expect(errors).toEqual([]);
		expect(warnings.map((w) => [w.line, w.code, w.value])).toEqual([
			[1, 'producer.unknownColumn', 'commentaire interne'],
			[1, 'producer.duplicateColumn', 'lien_source']
		]);
		expect(parsed.structures.map((s) => s.fields.sourceUrl)).toEqual([
			'https://www.cahors.fr/ccas',
			'https://www.grand-figeac.fr/cias'
		]);
	});

	it('skips the template’s description and example rows (__ignore__), not the others', () => {
		const { parsed } = check(
			[
				'__ignore__,id,nom,date_maj',
				'TRUE,Un identifiant unique.,Entre 3 et 150 caractères.,',
				'x,exemple,Le Biclou,',
				'FALSE,a,CCAS de Cahors,2025-01-02',
				',b,CIAS de Figeac,2025-01-02'
			].join('\n')
		);
		expect(parsed.structures.map((s) => [s.line, s.source, s.sourceId])).toEqual([
			[4, 'cd46', 'a'],
			[5, 'cd46', 'b']
		]);
	});
});

describe('date_maj', () => {
	const structure = (date_maj?: string) =>
		readJsonDocument({
			structures: [{ id: 'cd46--a', nom: 'CCAS de Cahors', ...(date_maj ? { date_maj } : {}) }]
		});

	it('in the future: refused, naming the field and the value; missing: accepted with a warning', () => {
		const future = `${new Date().getUTCFullYear() + 2}-06-01`;
		const refused = validateRows(structure(future).structures, [], CAHORS);
		expect(refused.errors.map((e) => [e.line, e.field, e.code, e.value])).toEqual([
			[1, 'date_maj', 'producer.dateFuture', future]
		]);
		const missing = validateRows(structure().structures, [], CAHORS);
		expect(missing.errors).toEqual([]);
		expect(missing.warnings.map((w) => [w.field, w.code])).toEqual([['date_maj', 'producer.dateMissing']]);
		const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
		expect(validateRows(structure(today).structures, [], CAHORS).errors).toEqual([]);
	});
});

describe('legacy v0 networks', () => {
	it('maps typologies to v1 reseaux_porteurs; "Autre" has no v1 code and is reported', () => {
		expect(legacyNetworks(['CCAS', 'Autre', 'MDS'], ['sinca', 'france-service', 'labels-maison'])).toEqual({
			kept: ['ccas-cias', 'maisons-des-solidarites', 'singa', 'france-service'],
			dropped: ['Autre', 'labels-maison']
		});
	});
});
