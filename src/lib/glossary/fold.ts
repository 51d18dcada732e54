/**
 * Folding for matching: one character in, one character out, so a match in the folded text is at the same
 * place in the original. Accents dropped, every space and dash a space, every apostrophe a straight one.
 */
const SPACE = /[\s\u00a0\u202f\u2007-]/;
const DASH = /[\u2010-\u2015\u2212]/;
const APOSTROPHE = /[\u2019\u2018\u02bc`\u00b4]/;

function foldChar(c: string): string {
	if (SPACE.test(c) || DASH.test(c)) return ' ';
	if (APOSTROPHE.test(c)) return "'";
	const base = c.normalize('NFD').replace(/\p{M}/gu, '');
	return base.length === 1 ? base : c;
}

/** Accents removed and separators unified, case kept (for acronyms, which match in capitals only). */
export function foldCased(text: string): string {
	let out = '';
	for (let i = 0; i < text.length; i++) out += foldChar(text[i]!);
	return out;
}

/** foldCased, then lower case (for words, which match whatever their case). */
export function foldLower(text: string): string {
	let out = '';
	for (let i = 0; i < text.length; i++) {
		const c = foldChar(text[i]!);
		const l = c.toLowerCase();
		out += l.length === 1 ? l : c;
	}
	return out;
}

/** For search boxes: folded, lower case, spaces collapsed. */
export function searchForm(text: string): string {
	return foldLower(text.normalize('NFC')).replace(/[' ]+/g, ' ').trim();
}
