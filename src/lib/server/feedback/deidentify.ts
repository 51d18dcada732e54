import { findPhoneNumbersInText } from 'libphonenumber-js';

/**
 * Automatic de-identification of a person's feedback before it is stored (issue 12 §8; Care Opinion strips names,
 * dates and staff). What it can detect: e-mail addresses, phone numbers (French formats, +33, 0033, spaces, dots,
 * dashes), exact dates, and names in the places people write them: after a civility (« Mme Durand »), after
 * « je m'appelle », after a staff role (« l'assistante sociale Martin »). A first name alone (« Marie m'a aidée »)
 * cannot be told from a word and stays: the coordinators' moderation is the second pass.
 */

export const REMOVED = {
	email: '[courriel retiré]',
	phone: '[téléphone retiré]',
	name: '[nom retiré]',
	date: '[date retirée]'
} as const;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;

/** A name word: « Durand », « Jean-Pierre », « D. », or all capitals « DURAND » (allowed after a civility only). */
const CAPITALISED = String.raw`\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}'’]+)*`;
const INITIAL = String.raw`\p{Lu}\.`;
const UPPER = String.raw`\p{Lu}{2,}(?:-\p{Lu}{2,})*`;
const PARTICLE = String.raw`(?:(?:de|du|des|van|von|le|la)\s+|d['’])`;
/** one or two name words, with an optional particle (« de La Tour ») */
const nameOf = (word: string) =>
	String.raw`${PARTICLE}?(?:${word})(?:\s+${PARTICLE}?(?:${word}))?(?![\p{L}\p{N}])`;

const CIVILITIES = String.raw`(?:M\.|Mr\.?|Mme\.?|Mmes|Mlle\.?|Madame|Monsieur|Mademoiselle|Dr\.?|Docteur|Docteure|Maître|Pr\.?|Professeur)`;
/** the words after the civility: a name in capitals counts here (« Mme DURAND »), not after a role (« CAF ») */
const AFTER_CIVILITY = new RegExp(
	String.raw`(?<![\p{L}])(${CIVILITIES})(\s+)${nameOf(`${CAPITALISED}|${UPPER}|${INITIAL}`)}`,
	'gu'
);
const SELF = new RegExp(
	String.raw`(?<![\p{L}])((?:[Jj]e m['’]appelle|[Ii]l s['’]appelle|[Ee]lle s['’]appelle|[Mm]on nom est|[Mm]on prénom est|nommée?|prénommée?)\s+)${nameOf(`${CAPITALISED}|${INITIAL}`)}`,
	'gu'
);
const ROLES = [
	'assistante? sociale?',
	'assistante? de service social',
	'travailleu(?:r|se) sociale?',
	'éducat(?:eur|rice)(?: spécialisée?)?',
	'conseill(?:er|ère)(?: en insertion)?',
	'référente?',
	'secrétaire',
	'agente?',
	'accueillante?',
	'animat(?:eur|rice)',
	'infirmi(?:er|ère)',
	'médecin',
	'psychologue',
	'directeur|directrice',
	'responsable',
	'bénévole',
	'avocate?',
	'juriste',
	'collègue',
	'interlocut(?:eur|rice)',
	'CESF',
	'ASS?'
];
/** a role then a capitalised word: « l'assistante sociale Martin », « la conseillère, Julie » */
const AFTER_ROLE = new RegExp(
	String.raw`(?<![\p{L}])((?:[Ll]['’]|[Ll][ae]\s+|[Mm]on\s+|[Mm]a\s+|[Nn]otre\s+|[Vv]otre\s+|[Uu]ne?\s+)(?:${ROLES.join('|')})(?:,)?\s+)(?!(?:de|du|des|à|au|aux)\s)${nameOf(`${CAPITALISED}|${INITIAL}`)}`,
	'gu'
);

const MONTHS =
	'janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|janv\\.?|févr\\.?|fév\\.?|avr\\.?|juil\\.?|sept\\.?|oct\\.?|nov\\.?|déc\\.?';
const DAYS = '(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\\s+';
const DAY_NUMBER = '(?:3[01]|[12]\\d|0?[1-9])';
const MONTH_NUMBER = '(?:1[0-2]|0?[1-9])';
/** exact dates: 12/03/2024, 12-03-24, 12.03.2024, 2024-03-12, (lundi) 12 mars (2024), 1er mars */
const DATES = [
	String.raw`(?<![\d/.-])${DAY_NUMBER}[/.-]${MONTH_NUMBER}[/.-](?:\d{4}|\d{2})(?!\d)`,
	// without the year only after « le », « du », « au » (« 9/10 personnes » is not a date)
	String.raw`(?<=(?<![\p{L}])(?:[Ll]e|[Dd]u|[Aa]u)\s)${DAY_NUMBER}[/.-]${MONTH_NUMBER}(?![\d/.-])`,
	String.raw`(?<!\d)\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?!\d)`,
	String.raw`(?<![\p{L}\d])(?:${DAYS})?(?:1er|${DAY_NUMBER})\s+(?:${MONTHS})(?:\s+\d{4})?(?![\p{L}])`
];
const DATE = new RegExp(DATES.join('|'), 'giu');

function replacePhones(text: string): string {
	const found = findPhoneNumbersInText(text, 'FR');
	let out = text;
	// from the end, so the earlier offsets stay right
	for (const { startsAt, endsAt } of [...found].reverse())
		out = out.slice(0, startsAt) + REMOVED.phone + out.slice(endsAt);
	return out;
}

export function deidentify(text: string): string {
	let out = text.replace(EMAIL, REMOVED.email);
	out = replacePhones(out);
	// dates before names: « le 12 Mars » is a date, not « Mars » someone
	out = out.replace(DATE, REMOVED.date);
	out = out.replace(
		AFTER_CIVILITY,
		(_m, civility: string, space: string) => `${civility}${space}${REMOVED.name}`
	);
	out = out.replace(SELF, (_m, lead: string) => `${lead}${REMOVED.name}`);
	out = out.replace(AFTER_ROLE, (_m, lead: string) => `${lead}${REMOVED.name}`);
	return out;
}

/** Words as a person counts them: what is between spaces. */
export const wordCount = (text: string) => text.split(/\s+/u).filter(Boolean).length;
