import { z } from 'zod';
import { THEMATIQUES } from '../directory/codes';
import { NEED_EXPERTISE } from '../needs/schema';
import { multiLine, optionalText, pageQuerySchema, singleLine } from '../validation';
import { FORUM_PHASES, FORUM_STATUSES, FORUM_TERRITORY_TYPES } from './schema';

/** Forum sessions and contributions (API bodies and forms); messages are catalogue keys (validation.forums.*). */

export const CONTRIBUTION_MAX = 4000;
export const TAG_MAX = 40;
export const TAGS_MAX = 10;

/** A form sends one value or many; the API sends an array; a comma-separated text also works for tags. */
const list = (split: boolean) => (v: unknown) => {
	if (v === undefined || v === null || v === '') return [];
	const values = Array.isArray(v) ? v : [v];
	return split ? values.flatMap((x) => (typeof x === 'string' ? x.split(',') : [x])) : values;
};

const count = (key: string) =>
	z.preprocess(
		(v) => (v === '' || v === undefined ? 0 : v),
		z.coerce.number(key).int(key).min(0, key).max(10_000, key)
	);

const dateTime = (key: string) =>
	z.coerce.date(key).min(new Date('2000-01-01T00:00:00Z'), key).max(new Date('2100-01-01T00:00:00Z'), key);

export const sessionInputSchema = z
	.object({
		title: singleLine().min(3, 'forums.titleRequired').max(200, 'forums.titleTooLong'),
		themes: z.preprocess(
			list(false),
			z
				.array(
					z.string().refine((v) => (THEMATIQUES as readonly string[]).includes(v), {
						error: (issue) => `forums.themeUnknown:${String(issue.input)}`
					})
				)
				.max(10, 'forums.tooManyThemes')
		),
		territoryType: z.enum(FORUM_TERRITORY_TYPES, 'forums.territoryType'),
		territoryCode: singleLine().min(2, 'forums.territoryCode').max(9, 'forums.territoryCode'),
		startsAt: dateTime('forums.startsAt'),
		endsAt: dateTime('forums.endsAt'),
		place: optionalText(300, { key: 'forums.placeTooLong' }),
		remoteUrl: z.preprocess(
			(v) => (typeof v === 'string' && v.trim() === '' ? null : v),
			z
				.string()
				.trim()
				.max(500, 'forums.remoteUrl')
				.regex(/^https:\/\/[^\s<>"]+$/, 'forums.remoteUrl')
				.nullable()
				.optional()
		),
		technicalCount: count('forums.count'),
		politicalCount: count('forums.count'),
		usageCount: count('forums.count'),
		namedProfessionals: z.preprocess(
			(v) => (typeof v === 'string' ? v.split('\n') : (v ?? [])),
			z
				.array(singleLine().max(120, 'forums.nameTooLong'))
				.max(50, 'forums.tooManyNames')
				.transform((names) => names.filter((n) => n !== ''))
		),
		/** other facilitators (accounts); the creator is always one */
		facilitatorIds: z.preprocess(
			list(false),
			z.array(z.uuid('forums.facilitator')).max(10, 'forums.facilitator')
		)
	})
	.superRefine((s, ctx) => {
		if (s.endsAt < s.startsAt)
			ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'forums.endsBeforeStart' });
		if (!s.place && !s.remoteUrl)
			ctx.addIssue({ code: 'custom', path: ['place'], message: 'forums.placeOrLink' });
	});
export type SessionInput = z.infer<typeof sessionInputSchema>;

export const contributionInputSchema = z.object({
	body: multiLine()
		.min(1, 'forums.bodyRequired')
		.max(CONTRIBUTION_MAX, `forums.bodyTooLong:${CONTRIBUTION_MAX}`),
	expertise: z.enum(NEED_EXPERTISE, 'forums.expertise'),
	phase: z.preprocess((v) => (v === '' ? undefined : v), z.enum(FORUM_PHASES, 'forums.phase').optional()),
	tags: z.preprocess(
		list(true),
		z
			.array(singleLine().max(TAG_MAX, `forums.tagTooLong:${TAG_MAX}`))
			.max(TAGS_MAX, `forums.tooManyTags:${TAGS_MAX}`)
	),
	/** an answer to this contribution */
	parentId: z.preprocess((v) => (v === '' ? undefined : v), z.uuid('forums.parent').optional()),
	/** « au nom d’un participant »: a facilitator records it, with the kind of expertise only */
	onBehalf: z.preprocess((v) => v === true || v === 'true' || v === 'on', z.boolean())
});
export type ContributionInput = z.infer<typeof contributionInputSchema>;

export const sessionsQuerySchema = pageQuerySchema(20, 100).extend({
	territoryType: z.enum(FORUM_TERRITORY_TYPES, 'forums.territoryType').optional(),
	territoryCode: singleLine().max(9, 'forums.territoryCode').optional(),
	theme: singleLine().max(120, 'forums.themeUnknown').optional()
});
export type SessionsQuery = z.infer<typeof sessionsQuerySchema>;

export const queueQuerySchema = z.object({ tag: singleLine().max(TAG_MAX, 'forums.tagTooLong').optional() });

export const contributionSchema = z.object({
	id: z.uuid(),
	sessionId: z.uuid(),
	parentId: z.uuid().nullable(),
	phase: z.enum(FORUM_PHASES),
	body: z.string(),
	expertise: z.enum(NEED_EXPERTISE),
	tags: z.array(z.string()),
	/** the author's display name; null when recorded « au nom d’un participant » */
	authorName: z.string().nullable(),
	onBehalf: z.boolean(),
	needId: z.uuid().nullable(),
	createdAt: z.string()
});
export type Contribution = z.infer<typeof contributionSchema>;

export const sessionSchema = z.object({
	id: z.uuid(),
	title: z.string(),
	themes: z.array(z.string()),
	territoryType: z.enum(FORUM_TERRITORY_TYPES),
	territoryCode: z.string(),
	startsAt: z.string(),
	endsAt: z.string(),
	place: z.string().nullable(),
	remoteUrl: z.string().nullable(),
	status: z.enum(FORUM_STATUSES),
	participants: z.object({ technique: z.number(), politique: z.number(), usage: z.number() }),
	namedProfessionals: z.array(z.string()),
	facilitators: z.array(z.object({ id: z.uuid(), name: z.string() })),
	createdAt: z.string()
});
export type ForumSession = z.infer<typeof sessionSchema>;

export const sessionDetailSchema = z.object({
	session: sessionSchema,
	isFacilitator: z.boolean(),
	contributions: z.array(contributionSchema.extend({ answers: z.array(contributionSchema) }))
});
export const sessionsPageSchema = z.object({ sessions: z.array(sessionSchema), total: z.number() });
