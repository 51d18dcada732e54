import { diffWords } from 'diff';
import {
	INFO_CATEGORIES,
	SECTION_KEYS,
	SHARING_SUBJECTS,
	formatEuros,
	formatFte,
	sectionText,
	sumDecimals,
	type CharterContent
} from './content';

/**
 * The content of a version as labelled plain-text parts, in reading order: what the diff, the side-by-side
 * comparison and the PDF all show. Labels are French (the charter is a French document).
 */
export const PART_LABELS: Record<string, string> = {
	title: 'Intitulé',
	objectifs: 'Objectifs',
	acteurs: 'Acteurs',
	publics: 'Publics',
	gouvernance: 'Gouvernance',
	partageInformation: 'Partage d’information',
	suiviEvaluation: 'Outils de suivi et d’évaluation',
	observatoire: 'Observatoire',
	communication: 'Communication externe',
	roles: 'Rôles',
	delegation: 'Délégation de pouvoirs',
	commitments: 'Engagements de moyens par partie',
	risks: 'Risques et qui les porte',
	sharing: 'Règles de partage d’information',
	fund: 'Fonds d’avance\u202f: valideurs et plafonds',
	duration: 'Durée et réexamen'
};

export const CATEGORY_LABELS: Record<(typeof INFO_CATEGORIES)[number], string> = {
	identity: 'Identité',
	contact: 'Coordonnées',
	situation: 'Situation',
	needs: 'Besoins',
	health: 'Santé',
	justice: 'Justice',
	violence: 'Violences',
	finances: 'Ressources et finances',
	children: 'Enfants'
};

export const SUBJECT_LABELS: Record<(typeof SHARING_SUBJECTS)[number], string> = {
	pilote: 'Pilote',
	'co-pilote': 'Co-pilote',
	facilitateur: 'Facilitateur',
	contributeur: 'Contributeur'
};

const frDate = (iso: string | null) =>
	iso ? new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso)) : '—';

export interface TextPart {
	key: string;
	label: string;
	text: string;
}

export function contentParts(
	content: CharterContent,
	names: Map<string, string>,
	people: Map<string, string> = new Map()
): TextPart[] {
	const name = (id: string) => names.get(id) ?? 'Partie retirée';
	const parts: TextPart[] = [{ key: 'title', label: PART_LABELS.title!, text: content.title }];
	for (const k of SECTION_KEYS)
		parts.push({ key: k, label: PART_LABELS[k]!, text: sectionText(content.sections[k] ?? '') });
	const commitments = content.commitments.map(
		(c) =>
			`${name(c.organisationId)}\u202f: ${formatEuros(c.amount)}\u202f; ${formatFte(c.fte)} ETP` +
			(c.premises ? `\u202f; locaux\u202f: ${c.premises}` : '') +
			(c.data ? `\u202f; données\u202f: ${c.data}` : '')
	);
	if (content.commitments.length)
		commitments.push(`Total\u202f: ${formatEuros(sumDecimals(content.commitments.map((c) => c.amount)))}`);
	parts.push({ key: 'commitments', label: PART_LABELS.commitments!, text: commitments.join('\n') });
	parts.push({
		key: 'risks',
		label: PART_LABELS.risks!,
		text: content.risks
			.map(
				(r) =>
					`${r.risk} (porté par ${name(r.organisationId)})${r.mitigation ? `\u202f: ${r.mitigation}` : ''}`
			)
			.join('\n')
	});
	parts.push({
		key: 'sharing',
		label: PART_LABELS.sharing!,
		text: INFO_CATEGORIES.map((c) => {
			const who = content.sharing[c] ?? [];
			return `${CATEGORY_LABELS[c]}\u202f: ${who.length ? who.map((s) => SUBJECT_LABELS[s]).join(', ') : 'aucun partage'}`;
		}).join('\n')
	});
	parts.push({
		key: 'fund',
		label: PART_LABELS.fund!,
		text: [
			...content.fund.approvers.map(
				(a) =>
					`Valideur\u202f: ${name(a.organisationId)}${a.userId ? ` (${people.get(a.userId) ?? 'membre'})` : ''}`
			),
			`Quorum\u202f: ${content.fund.quorum ?? 1} validation${(content.fund.quorum ?? 1) > 1 ? 's' : ''} sur ${content.fund.approvers.length}`,
			`Plafond par demande\u202f: ${formatEuros(content.fund.ceilingPerRequest)}`,
			`Plafond annuel\u202f: ${formatEuros(content.fund.ceilingPerYear)}`
		].join('\n')
	});
	parts.push({
		key: 'duration',
		label: PART_LABELS.duration!,
		text: `Du ${frDate(content.startsOn)} au ${frDate(content.endsOn)}\u202f; réexamen le ${frDate(content.reviewOn)}`
	});
	return parts;
}

export interface DiffChunk {
	kind: 'same' | 'added' | 'removed';
	text: string;
}
export interface PartDiff {
	key: string;
	label: string;
	changed: boolean;
	chunks: DiffChunk[];
}

/** Word diff, part by part, of what changed from `before` to `after`. */
export function diffParts(before: TextPart[], after: TextPart[]): PartDiff[] {
	return after.map((part) => {
		const old = before.find((b) => b.key === part.key)?.text ?? '';
		const chunks: DiffChunk[] = diffWords(old, part.text).map((c) => ({
			kind: c.added ? 'added' : c.removed ? 'removed' : 'same',
			text: c.value
		}));
		return { key: part.key, label: part.label, changed: old !== part.text, chunks };
	});
}
