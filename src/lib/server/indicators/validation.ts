import { z } from 'zod';

const code = z
	.string({ error: 'code : texte attendu' })
	.regex(/^[A-Za-z0-9_]{1,64}$/, { error: 'code : lettres, chiffres et « _ » (64 au plus)' });

/** One indicator column of a CSV file and what it means. */
export const indicatorColumnSchema = z
	.object({
		column: z.string({ error: 'column : nom de colonne attendu' }).min(1, { error: 'column : obligatoire' }),
		code: code.optional(),
		label: z.string({ error: 'label : texte attendu' }).trim().min(1, { error: 'label : obligatoire' }),
		unit: z.string({ error: 'unit : texte attendu' }).default(''),
		method: z.string({ error: 'method : texte attendu' }).default(''),
		aggregation: z.enum(['sum', 'ratio', 'none'], { error: 'aggregation : sum, ratio ou none' }),
		denominator: code.optional(),
		visibility: z
			.enum(['public', 'partners'], { error: 'visibility : public ou partners' })
			.default('public'),
		/** the year or date the values describe */
		period: z.string({ error: 'period : texte attendu' }).min(1, { error: 'period : obligatoire' }),
		/** how an empty cell is read */
		blank: z.enum(['missing', 'secret'], { error: 'blank : missing ou secret' }).default('missing'),
		source: z.string({ error: 'source : texte attendu' }).optional(),
		vintage: z.string({ error: 'vintage : texte attendu' }).optional()
	})
	.refine((c) => (c.aggregation === 'ratio') === (c.denominator !== undefined), {
		error: 'denominator : obligatoire pour une agrégation ratio, interdit sinon',
		path: ['denominator']
	});

/** The column mapping file of the CSV importer. */
export const indicatorMappingSchema = z.object({
	/** the column holding the commune's INSEE code */
	communeColumn: z
		.string({ error: 'communeColumn : nom de colonne attendu' })
		.min(1, { error: 'communeColumn : obligatoire' }),
	source: z.string({ error: 'source : texte attendu' }).trim().min(1, { error: 'source : obligatoire' }),
	vintage: z.string({ error: 'vintage : texte attendu' }).default(''),
	indicators: z
		.array(indicatorColumnSchema, { error: 'indicators : liste attendue' })
		.min(1, { error: 'indicators : au moins un indicateur' })
});

export type IndicatorColumn = z.output<typeof indicatorColumnSchema>;
export type IndicatorMapping = z.output<typeof indicatorMappingSchema>;

export type Aggregation = IndicatorColumn['aggregation'];
export type ValueStatus = 'value' | 'missing' | 'secret';

export interface IndicatorDefinition {
	code: string;
	label: string;
	unit: string;
	source: string;
	vintage: string;
	method: string;
	aggregation: Aggregation;
	denominatorCode: string | null;
	visibility: 'public' | 'partners';
}

/** The definitions a mapping declares (a column's code defaults to its name). */
export function definitionsOf(mapping: IndicatorMapping): IndicatorDefinition[] {
	return mapping.indicators.map((c) => ({
		code: c.code ?? c.column,
		label: c.label,
		unit: c.unit,
		source: c.source ?? mapping.source,
		vintage: c.vintage ?? mapping.vintage,
		method: c.method,
		aggregation: c.aggregation,
		denominatorCode: c.denominator ?? null,
		visibility: c.visibility
	}));
}

/** zod issues → « indicators.2.denominator : … » lines (the messages name their field; the path says where). */
export function mappingIssues(error: z.ZodError): string[] {
	return error.issues.map((i) => {
		const last = String(i.path.at(-1) ?? '');
		const message = last && i.message.startsWith(`${last} : `) ? i.message.slice(last.length + 3) : i.message;
		return i.path.length > 0 ? `${i.path.join('.')} : ${message}` : message;
	});
}
