import { foldCased, foldLower } from './fold';
import type { GlossaryEntry } from './types';

/**
 * Finds glossary terms in a text. An acronym (no lower-case letter: CAF, IP, 115) matches only in capitals and
 * as a whole word (« CAF » but not « café »); a word or phrase (sortie sèche) matches whatever its case and
 * accents. At a place where several forms match, the longest wins; matches never overlap.
 */
export interface TermMatch {
	start: number;
	end: number;
	key: string;
}

export interface Matcher {
	find(text: string): TermMatch[];
	entries: ReadonlyMap<string, GlossaryEntry>;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An acronym: no lower-case letter (a final plural « s » aside: « IPs »), at least one letter or digit. */
export function isAcronym(form: string): boolean {
	return /[\p{Lu}\p{N}]/u.test(form) && !/\p{Ll}/u.test(form.replace(/(?<=\p{Lu})s$/u, ''));
}

const BEFORE = '(?<![\\p{L}\\p{N}])';
const AFTER = '(?![\\p{L}\\p{N}])';
// a number (115, 3919) is not part of a bigger number, an amount or a percentage
const NUMBER_BEFORE = '(?<![\\p{L}\\p{N}]|\\d[ .,])';
const NUMBER_AFTER = "(?![\\p{L}\\p{N}]|[ .,]\\d|'|\\s?(?:€|%|euros?\\b))";

function alternation(forms: string[]): string | null {
	const unique = [...new Set(forms)].filter((f) => f.trim() !== '');
	if (!unique.length) return null;
	unique.sort((a, b) => b.length - a.length || a.localeCompare(b));
	return unique.map((f) => escape(f.trim()).replace(/ +/g, ' +')).join('|');
}

function pattern(forms: string[], numeric: boolean): RegExp | null {
	const alt = alternation(forms);
	if (!alt) return null;
	const [b, a] = numeric ? [NUMBER_BEFORE, NUMBER_AFTER] : [BEFORE, AFTER];
	return new RegExp(`${b}(?:${alt})${a}`, 'gu');
}

export function compileMatcher(entries: readonly GlossaryEntry[]): Matcher {
	const byForm = new Map<string, string>();
	const words: string[] = [];
	const acronyms: string[] = [];
	const numbers: string[] = [];
	const map = new Map<string, GlossaryEntry>();
	for (const entry of entries) {
		map.set(entry.key, entry);
		for (const form of [entry.term, entry.longForm ?? '', ...entry.aliases]) {
			if (form.trim() === '') continue;
			if (isAcronym(form)) {
				const f = foldCased(form.trim()).replace(/ +/g, ' ');
				if (!byForm.has(`A${f}`)) byForm.set(`A${f}`, entry.key);
				(/^[\d ]+$/.test(f) ? numbers : acronyms).push(f);
			} else {
				const f = foldLower(form.trim()).replace(/ +/g, ' ');
				if (!byForm.has(`W${f}`)) byForm.set(`W${f}`, entry.key);
				words.push(f);
			}
		}
	}
	const wordRe = pattern(words, false);
	const acronymRe = pattern(acronyms, false);
	const numberRe = pattern(numbers, false) && pattern(numbers, true);
	return {
		entries: map,
		find(text: string): TermMatch[] {
			const found: TermMatch[] = [];
			const cased = foldCased(text);
			const collect = (re: RegExp | null, haystack: string, prefix: 'A' | 'W') => {
				if (!re) return;
				for (const m of haystack.matchAll(re)) {
					const form = m[0].replace(/ +/g, ' ');
					const key = byForm.get(`${prefix}${form}`);
					if (key) found.push({ start: m.index, end: m.index + m[0].length, key });
				}
			};
			collect(wordRe, foldLower(text), 'W');
			collect(acronymRe, cased, 'A');
			collect(numberRe, cased, 'A');
			found.sort((a, b) => a.start - b.start || b.end - a.end);
			const kept: TermMatch[] = [];
			for (const m of found) if (!kept.length || m.start >= kept[kept.length - 1]!.end) kept.push(m);
			return kept;
		}
	};
}
