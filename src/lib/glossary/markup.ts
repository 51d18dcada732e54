import type { Matcher } from './matcher';
import type { GlossaryTip } from './types';

/**
 * Marking up glossary terms in content: the first occurrence of each term in a paragraph, never inside a link
 * or another marked term, the visible text unchanged. Two entry points share one rule:
 * - `markRuns` for plain text (the Svelte component renders the pieces as text nodes and elements);
 * - `markupHtml` for sanitised HTML (minutes, charter sections, decisions), returning HTML.
 */

export type Piece = { text: string; term?: undefined } | { text: string; term: GlossaryTip };

/** A run of plain text; `skip` for what must stay as it is (a link, a phone number). */
export interface Run {
	text: string;
	skip?: boolean;
}

const PARAGRAPH_BREAK = /\n[ \t\u00a0]*\n/g;

function tipOf(matcher: Matcher, key: string): GlossaryTip {
	const e = matcher.entries.get(key)!;
	return {
		key: e.key,
		term: e.term,
		longForm: e.longForm,
		definition: e.definition,
		territory: e.territory ?? null
	};
}

/** The term's entry on the glossary page: of the territory that wrote it, else the national one. */
export function glossaryHref(tip: GlossaryTip, glossaryPath = '/glossaire'): string {
	const where = tip.territory
		? `?territoire=${tip.territory.type}:${encodeURIComponent(tip.territory.code)}`
		: '';
	return `${glossaryPath}${where}#${encodeURIComponent(tip.key)}`;
}

/** Marks one text, remembering in `seen` the terms already marked in the current paragraph. */
function markText(text: string, matcher: Matcher, seen: Set<string>, breaks: boolean): Piece[] {
	const resets = breaks ? [...text.matchAll(PARAGRAPH_BREAK)].map((m) => m.index) : [];
	const pieces: Piece[] = [];
	let last = 0;
	let r = 0;
	for (const m of matcher.find(text)) {
		while (r < resets.length && resets[r]! < m.start) {
			seen.clear();
			r++;
		}
		if (seen.has(m.key)) continue;
		seen.add(m.key);
		if (m.start > last) pieces.push({ text: text.slice(last, m.start) });
		pieces.push({ text: text.slice(m.start, m.end), term: tipOf(matcher, m.key) });
		last = m.end;
	}
	if (r < resets.length) seen.clear();
	if (last < text.length) pieces.push({ text: text.slice(last) });
	return pieces;
}

/**
 * Plain text split in runs (the parts a page already renders differently, such as phone links): each run
 * becomes pieces; a blank line starts a new paragraph.
 */
export function markRuns(runs: readonly Run[], matcher: Matcher): Piece[][] {
	const seen = new Set<string>();
	return runs.map((run) => {
		if (run.skip) {
			if (PARAGRAPH_BREAK.test(run.text)) seen.clear();
			PARAGRAPH_BREAK.lastIndex = 0;
			return [{ text: run.text }];
		}
		return markText(run.text, matcher, seen, true);
	});
}

/** The text of a tip as a screen reader announces it and a sighted reader sees it. */
export function tipText(tip: GlossaryTip, separator = '\u00a0: '): string {
	return `${tip.term}${tip.longForm ? ` (${tip.longForm})` : ''}${separator}${tip.definition}`;
}

export interface MarkupOptions {
	/** prefix of the ids linking each term to its definition; unique on the page */
	idPrefix: string;
	/** the public glossary page (anchors per term) */
	glossaryPath?: string;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeHtml(s).replace(/"/g, '&quot;');

/** The HTML of one marked term; GlossaryTerm.svelte renders the same structure. */
export function termHtml(text: string, tip: GlossaryTip, id: string, glossaryPath = '/glossaire'): string {
	const visible = /\p{Ll}/u.test(text.replace(/s$/, ''))
		? escapeHtml(text)
		: `<abbr>${escapeHtml(text)}</abbr>`;
	return (
		`<span class="gl" data-glossary="${escapeAttr(tip.key)}">` +
		`<a class="gl-term" href="${escapeAttr(glossaryHref(tip, glossaryPath))}" aria-describedby="${escapeAttr(id)}">${visible}</a>` +
		`<span class="gl-def" role="tooltip" id="${escapeAttr(id)}">${escapeHtml(tipText(tip))}</span></span>`
	);
}

// Elements whose content is never marked: links and controls (no interactive content inside them), code, and
// what is already a term or an abbreviation.
const SKIP = new Set([
	'a',
	'abbr',
	'dfn',
	'button',
	'label',
	'select',
	'option',
	'textarea',
	'code',
	'pre',
	'kbd',
	'samp',
	'script',
	'style',
	'svg',
	'math',
	'title'
]);
const BLOCK = new Set([
	'p',
	'div',
	'li',
	'ul',
	'ol',
	'dl',
	'dt',
	'dd',
	'h1',
	'h2',
	'h3',
	'h4',
	'h5',
	'h6',
	'blockquote',
	'section',
	'article',
	'aside',
	'header',
	'footer',
	'table',
	'tr',
	'td',
	'th',
	'caption',
	'figure',
	'figcaption',
	'hr',
	'details',
	'summary'
]);
const VOID = new Set([
	'br',
	'hr',
	'img',
	'input',
	'meta',
	'link',
	'wbr',
	'area',
	'base',
	'col',
	'embed',
	'source',
	'track',
	'param'
]);

const TOKEN =
	/<!--[\s\S]*?-->|<![^>]*>|<\/?([A-Za-z][^\s/>]*)((?:\s+[^\s/>"'=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** The text of an HTML text node, or null when it holds an entity this decoder does not know. */
export function decodeEntities(s: string): string | null {
	let unknown = false;
	const out = s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
		if (name[0] === '#') {
			const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1));
			if (code > 0 && code <= 0x10ffff) return String.fromCodePoint(code);
		} else if (NAMED[name]) return NAMED[name];
		unknown = true;
		return whole;
	});
	return unknown ? null : out;
}

/** Sanitised HTML with its glossary terms marked up (text nodes only; tags and attributes untouched). */
export function markupHtml(html: string, matcher: Matcher, options: MarkupOptions): string {
	const stack: { name: string; skip: boolean }[] = [];
	let skipping = 0;
	const seen = new Set<string>();
	let out = '';
	let n = 0;
	let last = 0;
	const text = (raw: string) => {
		if (raw === '') return;
		const decoded = skipping ? null : decodeEntities(raw);
		if (decoded === null) {
			out += raw;
			return;
		}
		const pieces = markText(decoded, matcher, seen, false);
		if (!pieces.some((p) => p.term)) {
			out += raw;
			return;
		}
		for (const p of pieces)
			out += p.term
				? termHtml(p.text, p.term, `${options.idPrefix}-${++n}`, options.glossaryPath)
				: escapeHtml(p.text);
	};
	for (const m of html.matchAll(TOKEN)) {
		text(html.slice(last, m.index));
		last = m.index + m[0].length;
		out += m[0];
		const name = m[1]?.toLowerCase();
		if (!name) continue;
		const closing = m[0][1] === '/';
		const opensSkip = SKIP.has(name) || /\sdata-glossary\s*=/i.test(m[2] ?? '');
		if (BLOCK.has(name)) seen.clear();
		// a term marked already (the same content marked twice) counts as this paragraph's occurrence
		const already = /\sdata-glossary\s*=\s*"([^"]*)"/i.exec(m[2] ?? '');
		if (already && !closing) seen.add(already[1]!);
		if (closing) {
			const at = stack.findLastIndex((open) => open.name === name);
			if (at >= 0) for (const open of stack.splice(at)) if (open.skip) skipping--;
		} else if (!VOID.has(name) && !m[0].endsWith('/>')) {
			stack.push({ name, skip: opensSkip });
			if (opensSkip) skipping++;
		}
	}
	text(html.slice(last));
	return out;
}

/** The keys of the terms a text uses (to send a page only the definitions it needs). */
export function termsUsedIn(texts: readonly (string | null | undefined)[], matcher: Matcher): string[] {
	const keys = new Set<string>();
	for (const t of texts) if (t) for (const m of matcher.find(t)) keys.add(m.key);
	return [...keys];
}
