import { createHash } from 'node:crypto';
import sanitizeHtml from 'sanitize-html';
import { PARTY_ROLES, type PartyRole } from '../cooperations/schema';

/**
 * The content of a charter version: the eight sections of seed 004 P7 plus roles and delegation of powers as rich
 * text, and the structured parts the other modules read (commitments, risks, sharing rules, advance fund).
 */
export const SECTION_KEYS = [
	'objectifs',
	'acteurs',
	'publics',
	'gouvernance',
	'partageInformation',
	'suiviEvaluation',
	'observatoire',
	'communication',
	'roles',
	'delegation'
] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

/** Categories of information about a person (DOMAIN.md `sharingRule`). */
export const INFO_CATEGORIES = [
	'identity',
	'contact',
	'situation',
	'needs',
	'health',
	'justice',
	'violence',
	'finances',
	'children'
] as const;
export type InfoCategory = (typeof INFO_CATEGORIES)[number];

/** Who a sharing rule speaks of: a kind of party, by its role in the cooperation. */
export const SHARING_SUBJECTS = PARTY_ROLES;
export type SharingSubject = PartyRole;

export interface Commitment {
	organisationId: string;
	/** euros, exact: "12500.50" (numeric(14,2)) */
	amount: string;
	/** full-time equivalents, exact: "0.50" (numeric(5,2)) */
	fte: string;
	premises: string;
	data: string;
}
export interface Risk {
	risk: string;
	/** the party carrying it */
	organisationId: string;
	mitigation: string;
}
export interface FundApprover {
	organisationId: string;
	/** a named authorised member of that party, or null for any of them */
	userId: string | null;
}
export interface CharterContent {
	title: string;
	sections: Record<SectionKey, string>;
	commitments: Commitment[];
	risks: Risk[];
	/** for each category, the kinds of party allowed to see it (on top of the person's consent) */
	sharing: Record<InfoCategory, SharingSubject[]>;
	/**
	 * `quorum`: approvals needed for an advance (1 ≤ quorum ≤ approvers). Absent from versions written before it
	 * existed (their content hash must not change): read it through `fundQuorum`.
	 */
	fund: { approvers: FundApprover[]; ceilingPerRequest: string; ceilingPerYear: string; quorum?: number };
	/** ISO dates (YYYY-MM-DD) or null while drafting */
	startsOn: string | null;
	endsOn: string | null;
	reviewOn: string | null;
}

export function emptyContent(title = ''): CharterContent {
	return {
		title,
		sections: Object.fromEntries(SECTION_KEYS.map((k) => [k, ''])) as Record<SectionKey, string>,
		commitments: [],
		risks: [],
		sharing: Object.fromEntries(INFO_CATEGORIES.map((c) => [c, []])) as unknown as Record<
			InfoCategory,
			SharingSubject[]
		>,
		fund: { approvers: [], ceilingPerRequest: '0.00', ceilingPerYear: '0.00', quorum: 1 },
		startsOn: null,
		endsOn: null,
		reviewOn: null
	};
}

/** The number of approvals an advance needs (1 when the version predates the quorum). */
export function fundQuorum(fund: CharterContent['fund']): number {
	return fund.quorum ?? 1;
}

/** The only markup a charter keeps: paragraphs, lists, emphasis, headings h3/h4, line breaks and web or mail links. */
const SANITIZE: sanitizeHtml.IOptions = {
	allowedTags: ['p', 'ul', 'ol', 'li', 'strong', 'em', 'a', 'h3', 'h4', 'br'],
	allowedAttributes: { a: ['href'] },
	allowedSchemes: ['http', 'https', 'mailto'],
	allowedSchemesAppliedToAttributes: ['href'],
	allowProtocolRelative: false,
	disallowedTagsMode: 'discard',
	transformTags: { b: 'strong', i: 'em' }
};

/** Server-side sanitation of a section's rich text (stored XSS payloads come out inert). */
export function sanitizeSection(html: string): string {
	return sanitizeHtml(html, SANITIZE).trim();
}

/**
 * A French or plain decimal amount ("12 500,50", "12500.5", "12 500 €") → "12500.50", without floating point.
 * Returns null when it is not an amount with at most `intDigits` digits before the comma and two after.
 */
export function parseDecimal(input: string, intDigits = 12): string | null {
	const s = input.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
	const m = new RegExp(`^(\\d{1,${intDigits}})(?:\\.(\\d{1,2}))?$`).exec(s);
	if (!m) return null;
	const int = m[1]!.replace(/^0+(?=\d)/, '');
	return `${int}.${(m[2] ?? '').padEnd(2, '0')}`;
}

/** Exact sum of decimal strings with two digits ("0.10" + "0.20" = "0.30"), through integer cents. */
export function sumDecimals(values: string[]): string {
	const cents = values.reduce((acc, v) => acc + BigInt(v.replace('.', '')), 0n);
	const s = cents.toString().padStart(3, '0');
	return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** "12500.50" → "12 500,50 €" with French narrow no-break spaces. */
export function formatEuros(value: string): string {
	const [int = '0', dec = '00'] = value.split('.');
	return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f')},${dec}\u00a0€`;
}

export function formatFte(value: string): string {
	return value.replace('.', ',');
}

/** Canonical JSON: keys sorted at every depth, no whitespace; what the content hash is computed on. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value && typeof value === 'object')
		return `{${Object.keys(value)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
			.join(',')}}`;
	return JSON.stringify(value ?? null);
}

/** SHA-256 of what the parties approved: the cooperation, the version number and its content. */
export function contentHash(cooperationId: string, number: number, content: CharterContent): string {
	return createHash('sha256').update(canonicalJson({ cooperationId, number, content }), 'utf8').digest('hex');
}

/** Plain text of a section (for diffs and the PDF): block ends become line breaks, entities decoded. */
export function sectionText(html: string): string {
	return sanitizeHtml(
		html
			.replace(/<\/(p|li|h3|h4)>/g, '\n')
			.replace(/<br\s*\/?>/g, '\n')
			.replace(/<li>/g, '• '),
		{ allowedTags: [], allowedAttributes: {} }
	)
		.replace(/&amp;/g, '&')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, '’')
		.replace(/&nbsp;/g, '\u00a0')
		.replace(/\n{2,}/g, '\n')
		.trim();
}
