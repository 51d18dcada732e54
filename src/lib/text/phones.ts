/**
 * Phone numbers inside free texts ("appelez le 115", "au 05 65 53 01 01") as parts to render: plain text, or a
 * number with its tel:/sms: address. The page renders the parts as text nodes and links: nothing of the text is
 * ever read as HTML.
 *
 * - 10-digit French numbers (0X XX XX XX XX, with spaces, dots or dashes) and +33 numbers: always.
 * - Short numbers (15, 17, 18, 112, 114, 115, 119, 3114, 3919, 116 006…): only after "le", "au", "appelez"…,
 *   and not followed by a unit or a month ("17 h", "18 ans", "le 15 mars"), so ages, hours and dates stay text;
 *   a two-digit one after "le" only when a verb comes first ("appelez le 17", not "le 18 du mois"). "SMS au 114" is an sms: link.
 */
export type TextPart = { text: string; href?: undefined } | { text: string; href: string };

const SHORT = '(?:3919|3114|3020|3018|3977|116[\\s\\u00a0]?006|116[\\s\\u00a0]?000|112|114|115|119|15|17|18)';
const LONG = '(?:\\+33[\\s\\u00a0.-]?|0)[1-9](?:[\\s\\u00a0.-]?\\d{2}){4}';
const CUE = '(?:\\b(?:le|au|appelez|appeler|composez|composer|joindre|num[ée]ro|SMS)[\\s\\u00a0]+)';
const UNIT =
	'(?![\\s\\u00a0]?(?:h\\b|heures?|ans?\\b|km|%|€|jours?|mois|min|kg|ème|e\\b|er\\b|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|\\d))';
const PATTERN = new RegExp(`(?<!\\d)(${LONG})(?!\\d)|(${CUE})(${SHORT})${UNIT}(?!\\d)`, 'gi');

export function phoneParts(text: string): TextPart[] {
	const parts: TextPart[] = [];
	let last = 0;
	for (const m of text.matchAll(PATTERN)) {
		const [whole, long, cue, short] = m;
		// "le 15", "le 18" are dates as often as numbers: a two-digit number after "le" needs a verb before it
		if (!long && short!.length === 2 && /^le\s/i.test(cue!)) {
			const before = text.slice(Math.max(0, m.index - 16), m.index);
			if (!/(appel|compos|joindre|contact)\w*\s*$/i.test(before)) continue;
		}
		const start = m.index + (long ? 0 : cue!.length);
		const number = long ?? short!;
		if (start > last) parts.push({ text: text.slice(last, start) });
		const digits = number.replace(/[^\d+]/g, '');
		const sms = !long && /SMS/i.test(text.slice(Math.max(0, m.index - 12), m.index + cue!.length));
		parts.push({ text: number, href: `${sms ? 'sms' : 'tel'}:${digits}` });
		last = m.index + whole.length;
	}
	if (last < text.length) parts.push({ text: text.slice(last) });
	return parts;
}
