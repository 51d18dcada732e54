import type { ForumPhase, ForumStatus } from './schema';

/** Pure rules of the forums: tags, the status a session's dates give, the phase a contribution falls in. */

/**
 * A tag as it is stored: trimmed, lower case, one space between words, no leading « # », none of the characters
 * that would make it ambiguous in a list (comma, braces, quotes, backslash). « #Mobilité  rurale » → « mobilité rurale ».
 */
export function normaliseTag(tag: string): string {
	return tag
		.normalize('NFC')
		.toLocaleLowerCase('fr-FR')
		.replace(/[,{}"'’\\]/g, ' ')
		.replace(/^[\s#]+/, '')
		.replace(/\s+/g, ' ')
		.trim();
}

/** Tags normalised, without empty ones or repeats, in the order given. */
export const normaliseTags = (tags: readonly string[]): string[] => [
	...new Set(tags.map(normaliseTag).filter((t) => t !== ''))
];

/** à venir before the start, en cours until the end, terminée after; a facilitator's choice wins. */
export function statusOf(
	session: { startsAt: Date; endsAt: Date; status: string | null },
	now: Date
): ForumStatus {
	if (session.status) return session.status as ForumStatus;
	if (now < session.startsAt) return 'upcoming';
	return now <= session.endsAt ? 'ongoing' : 'ended';
}

export const PHASE_OF_STATUS: Record<ForumStatus, ForumPhase> = {
	upcoming: 'before',
	ongoing: 'during',
	ended: 'after'
};

/** The title of the need a contribution becomes: its first line, cut at a word under 120 characters. */
export function needTitle(body: string): string {
	const line =
		body
			.split(/\r?\n/)
			.find((l) => l.trim() !== '')
			?.trim() ?? '';
	if (line.length <= 120) return line;
	const cut = line.slice(0, 119);
	const space = cut.lastIndexOf(' ');
	return `${(space > 60 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
