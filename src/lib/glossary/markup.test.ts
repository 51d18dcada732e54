import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileMatcher } from './matcher';
import { markRuns, markupHtml, termsUsedIn, decodeEntities } from './markup';
import type { GlossaryEntry } from './types';

const entry = (
	key: string,
	term: string,
	longForm: string | null,
	aliases: string[] = []
): GlossaryEntry => ({
	key,
	term,
	longForm,
	definition: `Définition de ${term}.`,
	aliases,
	source: null
});
const GLOSSARY = [
	entry('caf', 'CAF', 'Caisse d’allocations familiales', ['caisses d’allocations familiales']),
	entry('ccas', 'CCAS', 'Centre communal d’action sociale', ['centres communaux d’action sociale']),
	entry('ip', 'IP', 'Information préoccupante', ['informations préoccupantes']),
	entry('ase', 'ASE', 'Aide sociale à l’enfance'),
	entry('sortie-seche', 'sortie sèche', null, ['sorties sèches']),
	entry('aller-vers', 'aller-vers', null),
	entry('115', '115', 'Numéro d’urgence pour les personnes sans abri'),
	entry('centre-social', 'centre social', null),
	entry('csapa', 'CSAPA', 'Centre de soins, d’accompagnement et de prévention en addictologie')
];
const matcher = compileMatcher(GLOSSARY);
const found = (text: string) => matcher.find(text).map((m) => [text.slice(m.start, m.end), m.key]);
const marked = (html: string) => markupHtml(html, matcher, { idPrefix: 'g' });

/** What a reader sees once the markup is removed: the definitions (hidden until focus) and every tag out. */
function visibleText(html: string): string {
	const withoutDefs = html.replace(/<span class="gl-def"[^>]*>[^<]*<\/span>/g, '');
	return decodeEntities(withoutDefs.replace(/<[^>]*>/g, '')) ?? '';
}

describe('matching glossary terms', () => {
	it('matches acronyms in capitals only, as whole words', () => {
		expect(found('La CAF de Cahors')).toEqual([['CAF', 'caf']]);
		expect(found('un café, la caf, CAFÉ, CAFs')).toEqual([]);
		expect(found('une IP transmise, une ip, IPv6, la PIP')).toEqual([['IP', 'ip']]);
		expect(found('L’ASE et l’IP')).toEqual([
			['ASE', 'ase'],
			['IP', 'ip']
		]);
	});

	it('matches words whatever their case and accents, and prefers the longest form', () => {
		expect(found('Éviter une SORTIE SECHE et les sorties sèches')).toEqual([
			['SORTIE SECHE', 'sortie-seche'],
			['sorties sèches', 'sortie-seche']
		]);
		expect(found('une démarche d’aller vers et d’Aller-Vers')).toEqual([
			['aller vers', 'aller-vers'],
			['Aller-Vers', 'aller-vers']
		]);
		expect(found('le Centre communal d’action sociale (CCAS)')).toEqual([
			['Centre communal d’action sociale', 'ccas'],
			['CCAS', 'ccas']
		]);
		expect(found('centre\u00a0social')).toEqual([['centre\u00a0social', 'centre-social']]);
		expect(found('les centres sociaux')).toEqual([]);
	});

	it('matches a number only as a number, not in an amount or a bigger number', () => {
		expect(found('appelez le 115, jour et nuit')).toEqual([['115', '115']]);
		expect(found('1150 habitants, 115 €, 115,5 km, 2 115 euros, 1 115')).toEqual([]);
	});
});

describe('marking up terms in content', () => {
	it('marks the first occurrence of each term in a paragraph, with an accessible definition', () => {
		const html = marked('<p>La CAF et la CAF.</p><p>Demandez à la CAF.</p>');
		expect(html.match(/class="gl"/g)).toHaveLength(2);
		expect(html).toContain(
			'<span class="gl" data-glossary="caf"><a class="gl-term" href="/glossaire#caf" aria-describedby="g-1"><abbr>CAF</abbr></a>' +
				'<span class="gl-def" role="tooltip" id="g-1">CAF (Caisse d’allocations familiales)\u00a0: Définition de CAF.</span></span>'
		);
		expect(html).toContain('aria-describedby="g-2"');
		expect(visibleText(html)).toBe('La CAF et la CAF.Demandez à la CAF.');
	});

	it('never marks inside links, abbreviations, code or attributes, and never twice', () => {
		const html =
			'<p><a href="/caf" title="CAF">la CAF</a> puis la CAF <code>CCAS</code> <img alt="CCAS"> <abbr>ASE</abbr></p>';
		const once = marked(html);
		expect(once).toContain(
			'<a href="/caf" title="CAF">la CAF</a> puis la <span class="gl" data-glossary="caf">'
		);
		expect(once).not.toContain('data-glossary="ccas"');
		expect(once).not.toContain('data-glossary="ase"');
		expect(marked(once)).toBe(once);
	});

	it('keeps entities and escapes what it writes', () => {
		const html = marked('<p>Le CCAS &amp; la &lt;CAF&gt; &quot;ici&quot;</p>');
		expect(html).toContain('&amp; la &lt;<span class="gl" data-glossary="caf">');
		expect(visibleText(html)).toBe('Le CCAS & la <CAF> "ici"');
	});

	it('plain text: a blank line starts a paragraph; skipped runs (phone links) stay as they are', () => {
		const pieces = markRuns(
			[{ text: 'Le CCAS, le CCAS.\n\nLe CCAS et le ' }, { text: '115', skip: true }, { text: ' ou le 115.' }],
			matcher
		);
		const terms = pieces
			.flat()
			.filter((p) => p.term)
			.map((p) => p.text);
		expect(terms).toEqual(['CCAS', 'CCAS', '115']);
		expect(
			pieces
				.flat()
				.map((p) => p.text)
				.join('')
		).toBe('Le CCAS, le CCAS.\n\nLe CCAS et le 115 ou le 115.');
	});

	it('lists the terms a text uses', () => {
		expect(termsUsedIn(['La CAF', null, 'une sortie sèche et la CAF'], matcher).sort()).toEqual([
			'caf',
			'sortie-seche'
		]);
	});
});

const WORDS = [
	'CAF',
	'caf',
	'café',
	'CCAS',
	'IP',
	'ip',
	'l’ASE',
	'sortie sèche',
	'SORTIE-SECHE',
	'aller-vers',
	'115',
	'1150',
	'centre social',
	'&amp;',
	'&lt;',
	'&#233;',
	'"',
	'la',
	'Cahors',
	'\u00a0',
	'CSAPA'
];
const inline = fc.letrec((tie) => ({
	node: fc.oneof(
		{ depthSize: 'small' },
		fc.array(fc.constantFrom(...WORDS), { maxLength: 6 }).map((w) => w.join(' ')),
		tie('node').map((c) => `<em>${String(c)}</em>`),
		tie('node').map((c) => `<a href="/x?CAF=1">${String(c)}</a>`),
		fc.array(tie('node'), { maxLength: 3 }).map((cs) => cs.join(' '))
	)
}));
const htmlDoc = fc
	.array(
		fc
			.tuple(fc.constantFrom('p', 'li', 'div'), inline.node)
			.map(([tag, c]) => `<${tag}>${String(c)}</${tag}>`),
		{ maxLength: 4 }
	)
	.map((ps) => ps.join('\n'));

describe('markup properties', () => {
	it('the text once the markup is removed equals the input text', () => {
		fc.assert(
			fc.property(htmlDoc, (html) => {
				expect(visibleText(marked(html))).toBe(visibleText(html));
			})
		);
	});

	it('no nested markup: no term inside a link or a term, at most once per paragraph, idempotent', () => {
		fc.assert(
			fc.property(htmlDoc, (html) => {
				const out = marked(html);
				expect(marked(out)).toBe(out);
				for (const link of out.matchAll(/<a href="\/x[^"]*">([\s\S]*?)<\/a>/g))
					expect(link[1]).not.toContain('class="gl"');
				for (const term of out.matchAll(/<span class="gl"[^>]*>([\s\S]*?)<\/span><\/span>/g))
					expect(term[1]).not.toContain('class="gl"');
				for (const block of out.split(/<\/?(?:p|li|div)>/)) {
					const keys = [...block.matchAll(/data-glossary="([^"]+)"/g)].map((m) => m[1]);
					expect(new Set(keys).size).toBe(keys.length);
				}
			})
		);
	});

	it('plain text keeps every character, whatever the runs', () => {
		fc.assert(
			fc.property(
				fc.array(fc.record({ text: fc.constantFrom(...WORDS, '\n\n', ' '), skip: fc.boolean() })),
				(runs) => {
					const pieces = markRuns(runs, matcher);
					expect(pieces.map((p) => p.map((x) => x.text).join(''))).toEqual(runs.map((r) => r.text));
				}
			)
		);
	});
});
