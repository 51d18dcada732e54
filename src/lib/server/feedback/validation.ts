import { z } from 'zod';
import { multiLine, pageQuerySchema } from '../validation';
import { wordCount } from './deidentify';
import { FEEDBACK_MISSING, FEEDBACK_STATUSES, type FeedbackMissing } from './schema';

/** The free text is capped in words (what people count), and in characters so a body of one « word » is refused too. */
export const MAX_FEEDBACK_WORDS = 1000;
export const MAX_FEEDBACK_CHARACTERS = 12_000;
export const MAX_MODERATION_NOTE = 1000;
export const MAX_ANSWER = 4000;

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const feedbackText = () =>
	multiLine()
		.max(MAX_FEEDBACK_CHARACTERS, 'feedback.textTooLong')
		.superRefine((text, ctx) => {
			const words = wordCount(text);
			if (words > MAX_FEEDBACK_WORDS)
				ctx.addIssue({ code: 'custom', message: `feedback.tooManyWords:${words}` });
		});

/**
 * The form posts each « what was missing » choice as its own checkbox (`missing.horaires=on`): collected here
 * into one list, so the API can send `missing: ['horaires']` as well.
 */
function collectMissing(raw: unknown) {
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
	const input = { ...(raw as Record<string, unknown>) };
	const fromBoxes = Object.keys(input)
		.filter((k) => k.startsWith('missing.'))
		.map((k) => {
			delete input[k];
			return k.slice('missing.'.length);
		});
	if (fromBoxes.length) input.missing = fromBoxes;
	return input;
}

export const feedbackInputSchema = z
	.preprocess(
		collectMissing,
		z.object({
			useful: z
				.preprocess(
					(v) =>
						v === 'oui' || v === true ? true : v === 'non' || v === false ? false : emptyAsUndefined(v),
					z.boolean('feedback.usefulInvalid').optional()
				)
				.meta({ description: 'La page ou le service vous a-t-il été utile ? (oui / non, facultatif)' }),
			missing: z
				.array(
					z
						.string()
						.refine((v): v is FeedbackMissing => (FEEDBACK_MISSING as readonly string[]).includes(v), {
							error: (issue) => `feedback.missingUnknown:${String(issue.input)}`
						})
				)
				.max(FEEDBACK_MISSING.length)
				.default([])
				.meta({ description: 'Ce qui a manqué (choix facultatifs)' }),
			text: z
				.preprocess((v) => v ?? '', feedbackText())
				.meta({
					description: 'Votre avis, en 1 000 mots au plus ; les noms, dates et coordonnées sont retirés'
				}),
			/** on a life event page: the commune the person chose (INSEE code) */
			communeCode: z
				.preprocess(
					emptyAsUndefined,
					z
						.string()
						.regex(/^\d[\dAB]\d{3}$/, 'feedback.communeInvalid')
						.optional()
				)
				.meta({ description: 'Code INSEE de la commune (avis sur une situation de vie)' }),
			/** honeypot: a field people never see; robots fill it */
			precision: z.string().max(1000).optional()
		})
	)
	.superRefine((value, ctx) => {
		if (value.useful === undefined && value.missing.length === 0 && value.text === '')
			ctx.addIssue({ code: 'custom', path: ['text'], message: 'feedback.empty' });
	})
	.meta({ id: 'FeedbackInput' });
export type FeedbackInput = z.output<typeof feedbackInputSchema>;

export const moderationSchema = z
	.object({
		decision: z.enum(['approve', 'reject'], 'feedback.decisionInvalid'),
		// an emptied text is kept empty (the moderator removed it all); absent, the text stays as it is
		text: feedbackText()
			.optional()
			.meta({ description: 'Le texte, retouché par la modération (absent : inchangé ; vide : retiré)' }),
		reason: z
			.preprocess(emptyAsUndefined, multiLine().max(MAX_MODERATION_NOTE, 'feedback.reasonTooLong').optional())
			.meta({ description: 'Motif du refus (obligatoire pour refuser)' })
	})
	.superRefine((value, ctx) => {
		if (value.decision === 'reject' && !value.reason)
			ctx.addIssue({ code: 'custom', path: ['reason'], message: 'feedback.reasonRequired' });
	})
	.meta({ id: 'FeedbackModeration' });
export type ModerationInput = z.output<typeof moderationSchema>;

export const answerSchema = z
	.object({
		answer: multiLine()
			.min(1, 'feedback.answerRequired')
			.max(MAX_ANSWER, 'feedback.answerTooLong')
			.meta({ description: 'La réponse de l’organisation, publiée avec l’avis' })
	})
	.meta({ id: 'FeedbackAnswer' });
export type AnswerInput = z.output<typeof answerSchema>;

export const feedbackListQuerySchema = pageQuerySchema(50).extend({
	status: z.enum(FEEDBACK_STATUSES, 'feedback.statusInvalid').optional()
});

export const feedbackSchema = z
	.object({
		id: z.uuid(),
		serviceId: z.uuid().nullable(),
		lifeEventSlug: z.string().nullable(),
		organisationId: z.uuid().nullable(),
		subjectName: z.string(),
		communeCode: z.string(),
		useful: z.boolean().nullable(),
		missing: z.array(z.enum(FEEDBACK_MISSING)),
		text: z.string().meta({ description: 'Texte dépersonnalisé (jamais le texte d’origine)' }),
		status: z.enum(FEEDBACK_STATUSES),
		rejectReason: z.string().nullable(),
		answer: z.string().nullable(),
		answeredAt: z.string().nullable(),
		needId: z.uuid().nullable(),
		createdAt: z.string()
	})
	.meta({ id: 'Feedback' });
export type FeedbackDto = z.input<typeof feedbackSchema>;
