import { z } from 'zod';
import { termWords } from './synonyms-text';

/** Input of the synonym list of a territory (ADR 010): the whole list, replaced at once. */

export const MAX_SYNONYM_GROUPS = 200;
export const MAX_TERMS_PER_GROUP = 12;

export const synonymTerritoryTypeSchema = z
	.enum(['region', 'departement', 'epci', 'commune'])
	.meta({ description: 'Niveau du territoire', example: 'departement' });

const termSchema = z
	.string()
	.trim()
	.min(1, 'synonyms.termEmpty')
	.max(80, 'synonyms.termTooLong')
	.refine((t) => termWords(t).length > 0, {
		error: (issue) => `synonyms.termNoWord:${String(issue.input)}`
	});

export const synonymGroupSchema = z
	.array(termSchema)
	.min(2, 'synonyms.groupTooSmall')
	.max(MAX_TERMS_PER_GROUP, 'synonyms.groupTooLarge')
	.meta({ description: 'Termes équivalents', example: ['VIF', 'violences intrafamiliales'] });

export const synonymListInputSchema = z
	.object({
		groups: z.array(synonymGroupSchema).max(MAX_SYNONYM_GROUPS, 'synonyms.tooManyGroups')
	})
	.meta({ id: 'SynonymListInput' });

export const synonymListSchema = z
	.object({
		territoryType: synonymTerritoryTypeSchema,
		territoryCode: z.string(),
		territoryName: z.string(),
		groups: z.array(z.array(z.string())),
		defaults: z.array(z.array(z.string())),
		updatedAt: z.string().nullable(),
		/** whether the acting user may change it */
		editable: z.boolean()
	})
	.meta({ id: 'SynonymList' });

export type SynonymListInput = z.infer<typeof synonymListInputSchema>;
export type SynonymList = z.infer<typeof synonymListSchema>;

/**
 * The form's text: one group per line, terms separated by commas or semicolons; blank lines ignored.
 * Returns the groups, or the issues naming each wrong line ("lines.3").
 */
export function parseSynonymText(
	text: string
): { groups: string[][] } | { issues: { field: string; message: string }[] } {
	const issues: { field: string; message: string }[] = [];
	const groups: string[][] = [];
	text.split(/\r?\n/).forEach((line, i) => {
		if (line.trim() === '') return;
		const terms = line
			.split(/[,;]/)
			.map((t) => t.trim())
			.filter((t) => t !== '');
		const parsed = synonymGroupSchema.safeParse(terms);
		if (parsed.success) groups.push(parsed.data);
		else issues.push({ field: `lines.${i + 1}`, message: parsed.error.issues[0]!.message });
	});
	if (groups.length > MAX_SYNONYM_GROUPS) issues.push({ field: 'lines', message: 'synonyms.tooManyGroups' });
	return issues.length ? { issues } : { groups };
}
