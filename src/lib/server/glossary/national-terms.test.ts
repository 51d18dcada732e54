import { describe, expect, it } from 'vitest';
import { frenchTypographyErrors } from '$lib/i18n/typography';
import { compileMatcher } from '$lib/glossary';
import { NATIONAL_TERMS } from './service';
import { glossaryEntryInputSchema } from './validation';

/** The glossary shipped with Maillage: enough terms, each defined in plain French and sourced. */
const REQUIRED = [
	'ASE',
	'AEMO',
	'CCAS',
	'CIAS',
	'CAF',
	'CPAM',
	'MSA',
	'RSA',
	'PLIE',
	'PRE',
	'QPV',
	'EPCI',
	'MDPH',
	'PCH',
	'APA',
	'AAH',
	'SIAE',
	'IP',
	'VIF',
	'CHRS',
	'SIAO',
	'115',
	'DDETS',
	'ARS',
	'CTG',
	'ABS',
	'CLSPD',
	'PMI',
	'FSL',
	'référent de parcours',
	'aller-vers',
	'sortie sèche',
	'libre adhésion',
	'AED',
	'CSS',
	'PASS',
	'ESAT',
	'SAVS',
	'SAMSAH',
	'UDAF',
	'MJPM',
	'CESF',
	'AS',
	'ES',
	'ADIL',
	'FSE',
	'France Travail',
	'mission locale',
	'CEJ',
	'PIJ',
	'CLIC',
	'DAC',
	'CPTS',
	'CMP',
	'CSAPA',
	'CAARUD',
	'LHSS',
	'ACT',
	'HUDA',
	'CADA',
	'AVDL',
	'DALO',
	'CDAPH',
	'AEEH',
	'ASS',
	'ARE',
	'PAEJ',
	'MDA',
	'CIDFF',
	'UEMO',
	'SPIP',
	'PJJ',
	'ordonnance de protection',
	'TGD',
	'EVS',
	'CSC'
];

describe('shipped glossary', () => {
	it('has at least 60 terms, among them every term the issue names', () => {
		expect(NATIONAL_TERMS.length).toBeGreaterThanOrEqual(60);
		const terms = new Set(NATIONAL_TERMS.map((t) => t.term));
		expect(REQUIRED.filter((r) => !terms.has(r))).toEqual([]);
		expect(new Set(NATIONAL_TERMS.map((t) => t.key)).size).toBe(NATIONAL_TERMS.length);
	});

	it('defines each term in one to three sentences, with a source and French typography', () => {
		for (const t of NATIONAL_TERMS) {
			expect(
				glossaryEntryInputSchema.safeParse({ ...t, sourceName: t.source?.name, sourceUrl: t.source?.url })
					.success,
				t.key
			).toBe(true);
			const sentences = t.definition.split(/(?<=[.!?])\s+(?=\p{Lu})/u).length;
			expect(sentences, t.key).toBeGreaterThanOrEqual(1);
			expect(sentences, t.key).toBeLessThanOrEqual(3);
			expect(t.source?.url, t.key).toMatch(/^https:\/\/[a-z0-9.-]+\.(fr|org|info|eu)\//);
			expect(t.key).toMatch(/^[a-z0-9-]+$/);
			for (const text of [t.term, t.longForm ?? '', t.definition, t.source!.name, ...t.aliases])
				expect(frenchTypographyErrors(text), `${t.key}: ${text}`).toEqual([]);
			expect(/[A-Za-zÀ-ÿ]'[A-Za-zÀ-ÿ]/.test(t.definition + (t.longForm ?? '')), t.key).toBe(false);
		}
	});

	it('finds every term by each of its written forms, and the form belongs to that term', () => {
		const matcher = compileMatcher(NATIONAL_TERMS);
		for (const t of NATIONAL_TERMS)
			for (const form of [t.term, t.longForm, ...t.aliases].filter((f): f is string => !!f)) {
				const found = matcher.find(`Voir : ${form}.`);
				expect(
					found.map((m) => m.key),
					`${t.key}: ${form}`
				).toEqual([t.key]);
			}
	});
});
