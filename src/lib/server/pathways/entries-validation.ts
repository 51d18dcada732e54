import { z } from 'zod';
import { INFO_CATEGORIES } from '../charters/content';
import { THEMATIQUES } from '../directory/codes';
import { multiLine, optionalText, pageQuerySchema, patchShape } from '../validation';
import { ENTRY_KINDS, RELATION_STEPS, SHARING_LEVELS } from './schema';

/** zod schemas of the shared follow-up (entries, référent, dashboard); they also feed the OpenAPI document. */

const FIRST = new Date('2000-01-01T00:00:00.000Z');
const LAST = new Date('2100-12-31T23:59:59.999Z');
const when = () =>
	z.coerce
		.date('followup.occursAt.invalid')
		.min(FIRST, 'followup.occursAt.invalid')
		.max(LAST, 'followup.occursAt.invalid')
		.meta({
			description: 'Date ou date-heure ISO 8601 (quand c’est arrivé, ou quand le rendez-vous a lieu)'
		});

const entryShape = {
	kind: z.enum(ENTRY_KINDS, 'followup.kind.invalid').meta({
		description: 'note, step (étape de la relation), need (besoin évalué) ou appointment (rendez-vous)'
	}),
	category: z.enum(INFO_CATEGORIES, 'followup.category.invalid').meta({
		description: 'Catégorie d’information (décide, avec le consentement et la charte, qui voit l’entrée)'
	}),
	sharing: z.enum(SHARING_LEVELS, 'followup.sharing.invalid').default('organisation').meta({
		description:
			'author : visible par moi seulement ; organisation : visible par mon organisme seulement ; shared : partagé selon la charte'
	}),
	step: z.enum(RELATION_STEPS, 'followup.step.invalid').nullable().optional(),
	theme: z.enum(THEMATIQUES, 'followup.theme.invalid').nullable().optional(),
	occursAt: when().optional(),
	text: multiLine().max(10_000, 'followup.text.tooLong').default(''),
	place: optionalText(200, { key: 'followup.place.tooLong' }),
	with: optionalText(200, { key: 'followup.with.tooLong' })
};

type Issue = { path: string[]; message: string };
function kindRules(v: {
	kind?: string;
	step?: string | null;
	theme?: string | null;
	occursAt?: Date;
	text?: string;
}): Issue[] {
	const issues: Issue[] = [];
	if (v.kind === 'step' && !v.step) issues.push({ path: ['step'], message: 'followup.step.required' });
	if (v.kind === 'need' && !v.theme) issues.push({ path: ['theme'], message: 'followup.theme.required' });
	if (v.kind === 'appointment' && !v.occursAt)
		issues.push({ path: ['occursAt'], message: 'followup.occursAt.required' });
	if ((v.kind === 'note' || v.kind === 'need') && !v.text?.trim())
		issues.push({ path: ['text'], message: 'followup.text.required' });
	return issues;
}

export const entryInputSchema = z.object(entryShape).superRefine((v, c) => {
	for (const i of kindRules(v)) c.addIssue({ code: 'custom', ...i });
});
export type EntryInput = z.output<typeof entryInputSchema>;

/** A correction by the author (within 24 h): only the fields sent change; the kind does not. */
const { kind: _kind, ...editable } = entryShape;
void _kind;
export const entryPatchSchema = z.object(patchShape(editable));
export type EntryPatch = z.output<typeof entryPatchSchema>;

export const entryParamsSchema = z.object({
	id: z.uuid('id.invalid'),
	entryId: z.uuid('id.invalid')
});

export const entryListQuerySchema = pageQuerySchema(20, 100);

const shown = <T extends z.ZodType>(value: T) =>
	z.union([
		z.object({ visible: z.literal(true), value }),
		z.object({ visible: z.literal(false), reason: z.string() })
	]);

export const entrySchema = z.object({
	id: z.uuid(),
	kind: z.enum(ENTRY_KINDS),
	category: z.enum(INFO_CATEGORIES),
	sharing: z.enum(SHARING_LEVELS),
	step: z.enum(RELATION_STEPS).nullable(),
	theme: z.string().nullable(),
	occursAt: z.string(),
	text: z.string(),
	place: z.string().nullable(),
	with: z.string().nullable(),
	organisationId: z.uuid(),
	organisationName: z.string(),
	authorUserId: z.uuid().nullable(),
	authorName: z.string().nullable(),
	createdAt: z.string(),
	updatedAt: z.string(),
	editable: z.boolean()
});

export const referentPutSchema = z.object({
	userId: z.uuid('followup.referent.invalid').meta({
		description: 'Le ou la professionnelle qui devient référent de parcours'
	})
});

export const referentSchema = z.object({
	personId: z.uuid(),
	userId: z.uuid().nullable(),
	organisationId: z.uuid().nullable(),
	since: z.string()
});

export const followedQuerySchema = pageQuerySchema(20, 100);

export const followedSchema = z.object({
	personId: z.uuid(),
	name: shown(z.string()),
	lastActivityAt: z.string(),
	nextAppointmentAt: z.string().nullable(),
	openReferrals: z.number().int(),
	pingPong: z.boolean()
});

export const appointmentSchema = z.object({
	entryId: z.uuid(),
	personId: z.uuid(),
	name: shown(z.string()),
	occursAt: z.string(),
	place: z.string().nullable(),
	with: z.string().nullable()
});
