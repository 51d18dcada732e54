/**
 * French typography rules checked on catalogue strings and on rendered pages: a narrow no-break space
 * (U+202F) before ; : ! ? and inside « », a space after a comma and on both sides of a middle dot or a dash, no punctuation glued
 * to a closing parenthesis. Addresses (URLs, e-mails), times (09:00), codes (type:code) and {{placeholders}}
 * are left out: they are not prose. Returns one readable line per mistake.
 */
export function frenchTypographyErrors(text: string): string[] {
	const prose = text
		.replace(/\{\{[^}]*\}\}/g, 'X')
		.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, 'X')
		.replace(/\b(?:mailto|tel|sms|geo):\S+/gi, 'X')
		.replace(/\S+@\S+\.\S+/g, 'X')
		.replace(/\/\S*\?\S*/g, 'X');
	const errors: string[] = [];
	const show = (i: number) => JSON.stringify(prose.slice(Math.max(0, i - 15), i + 15));
	for (const m of prose.matchAll(/[;:!?]/g)) {
		const i = m.index;
		const before = prose[i - 1];
		if (before === undefined || before === '\u202f' || /[;:!?]/.test(before)) continue;
		const after = prose[i + 1];
		// "type:code", "09:00", "?x=1": glued on both sides, not prose
		if (after !== undefined && /\S/.test(after) && !/[»)\].,]/.test(after)) continue;
		errors.push(`espace fine insécable attendue avant « ${m[0]} » dans ${show(i)}`);
	}
	for (const m of prose.matchAll(/«/g))
		if (prose[m.index + 1] !== '\u202f')
			errors.push(`espace fine insécable attendue après « dans ${show(m.index)}`);
	for (const m of prose.matchAll(/»/g))
		if (prose[m.index - 1] !== '\u202f')
			errors.push(`espace fine insécable attendue avant » dans ${show(m.index)}`);
	for (const m of prose.matchAll(/,(?=[^\s\d])/g))
		errors.push(`espace attendue après la virgule dans ${show(m.index)}`);
	// a middle dot or a dash between words has a space on both sides, or none (data·inclusion, invité·e)
	for (const m of prose.matchAll(/[·—–]/g)) {
		const i = m.index;
		const spaceBefore = i === 0 || /\s/.test(prose[i - 1]!);
		const spaceAfter = i === prose.length - 1 || /\s/.test(prose[i + 1]!);
		if (spaceBefore !== spaceAfter)
			errors.push(`espace attendue des deux côtés de « ${m[0]} » dans ${show(i)}`);
	}
	return errors;
}
