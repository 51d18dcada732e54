import { z } from 'zod';
import { multiLine, singleLine } from '../validation';
import { INFO_CATEGORIES, SECTION_KEYS, SHARING_SUBJECTS, parseDecimal } from './content';
import { APPROVAL_DECISIONS, VERSION_STATUSES } from './schema';
import { TEMPLATE_KEYS } from './templates';

/** An amount in euros as text ("12 500,50"): exact, two decimals at most, numeric(14,2). Never a JSON number. */
export const eurosInput = (key = 'charters.amount') =>
	z
		.string(key)
		.max(40, key)
		.transform((v, ctx) => {
			const d = parseDecimal(v === '' ? '0' : v, 12);
			if (d === null) {
				ctx.addIssue({ code: 'custom', message: key });
				return z.NEVER;
			}
			return d;
		})
		.meta({
			description: 'Montant en euros, texte : « 12 500,50 » ou « 12500.50 » (deux décimales au plus)'
		});

/** Staff time in full-time equivalents ("0,5"): numeric(5,2). */
const fteInput = z
	.string('charters.fte')
	.max(20, 'charters.fte')
	.transform((v, ctx) => {
		const d = parseDecimal(v === '' ? '0' : v, 3);
		if (d === null) {
			ctx.addIssue({ code: 'custom', message: 'charters.fte' });
			return z.NEVER;
		}
		return d;
	})
	.meta({ description: 'Temps de travail en ETP, texte : « 0,5 »' });

const isoDate = z
	.union([z.literal(''), z.null(), z.iso.date('charters.date')])
	.transform((v) => (v === '' ? null : v));

const shortText = (max: number) => multiLine().max(max, 'text.tooLong');

export const commitmentInputSchema = z
	.object({
		organisationId: z.uuid('charters.partyUnknown'),
		amount: eurosInput(),
		fte: fteInput,
		premises: shortText(2000).default(''),
		data: shortText(2000).default('')
	})
	.meta({ id: 'CharterCommitmentInput' });

export const riskInputSchema = z
	.object({
		risk: multiLine().min(3, 'charters.riskRequired').max(1000, 'text.tooLong'),
		organisationId: z.uuid('charters.partyUnknown'),
		mitigation: shortText(2000).default('')
	})
	.meta({ id: 'CharterRiskInput' });

const sectionsInput = z
	.object(
		Object.fromEntries(SECTION_KEYS.map((k) => [k, shortText(50_000).optional()])) as Record<
			(typeof SECTION_KEYS)[number],
			z.ZodOptional<z.ZodString>
		>
	)
	.strict();

const subjects = z.array(z.enum(SHARING_SUBJECTS, { error: 'charters.sharingSubject' })).max(10);
const sharingInput = z
	.object(
		Object.fromEntries(INFO_CATEGORIES.map((c) => [c, subjects.optional()])) as Record<
			(typeof INFO_CATEGORIES)[number],
			z.ZodOptional<typeof subjects>
		>
	)
	.strict();

const fundInput = z
	.object({
		approvers: z
			.array(
				z.object({
					organisationId: z.uuid('charters.partyUnknown'),
					userId: z.union([z.uuid('charters.approverUnknown'), z.null()]).default(null)
				})
			)
			.max(50)
			.optional(),
		ceilingPerRequest: eurosInput().optional(),
		ceilingPerYear: eurosInput().optional(),
		/** approvals an advance needs; a form sends it as text */
		quorum: z
			.preprocess(
				(v) => (typeof v === 'string' && /^\s*\d{1,2}\s*$/.test(v) ? Number(v) : v),
				z
					.number('charters.quorum')
					.int('charters.quorum')
					.min(1, 'charters.quorum')
					.max(50, 'charters.quorum')
			)
			.optional()
	})
	.strict();

/** What an edit sends: only the fields sent change (a PATCH). */
export const charterPatchSchema = z
	.object({
		title: singleLine().min(3, 'charters.titleTooShort').max(200, 'text.tooLong').optional(),
		sections: sectionsInput.optional(),
		commitments: z.array(commitmentInputSchema).max(100).optional(),
		risks: z.array(riskInputSchema).max(50).optional(),
		sharing: sharingInput.optional(),
		fund: fundInput.optional(),
		startsOn: isoDate.optional(),
		endsOn: isoDate.optional(),
		reviewOn: isoDate.optional()
	})
	.strict()
	.meta({ id: 'CharterVersionPatch' });
export type CharterPatch = z.output<typeof charterPatchSchema>;

export const newVersionSchema = z
	.object({
		/** a template to start from; without one, the version in force is copied (an amendment) */
		template: z.enum(TEMPLATE_KEYS, { error: 'charters.template' }).optional()
	})
	.strict()
	.meta({ id: 'CharterVersionCreate' });

export const approvalInputSchema = z
	.object({
		organisationId: z.uuid('charters.partyUnknown'),
		decision: z.enum(APPROVAL_DECISIONS, { error: 'charters.decision' }),
		reason: multiLine().max(4000, 'text.tooLong').default('')
	})
	.strict()
	.meta({ id: 'CharterApprovalInput' });
export type ApprovalInput = z.output<typeof approvalInputSchema>;

/* ---------- responses ---------- */

const sectionsOut = z.object(
	Object.fromEntries(SECTION_KEYS.map((k) => [k, z.string()])) as Record<
		(typeof SECTION_KEYS)[number],
		z.ZodString
	>
);
const sharingOut = z.object(
	Object.fromEntries(INFO_CATEGORIES.map((c) => [c, z.array(z.enum(SHARING_SUBJECTS))])) as Record<
		(typeof INFO_CATEGORIES)[number],
		z.ZodArray<z.ZodEnum<{ [K in (typeof SHARING_SUBJECTS)[number]]: K }>>
	>
);
const decimal = z.string().regex(/^\d+\.\d{2}$/);

export const charterContentSchema = z
	.object({
		title: z.string(),
		sections: sectionsOut,
		commitments: z.array(
			z.object({
				organisationId: z.uuid(),
				amount: decimal,
				fte: decimal,
				premises: z.string(),
				data: z.string()
			})
		),
		risks: z.array(z.object({ risk: z.string(), organisationId: z.uuid(), mitigation: z.string() })),
		sharing: sharingOut,
		fund: z.object({
			approvers: z.array(z.object({ organisationId: z.uuid(), userId: z.uuid().nullable() })),
			ceilingPerRequest: decimal,
			ceilingPerYear: decimal,
			quorum: z.number().int().optional()
		}),
		startsOn: z.string().nullable(),
		endsOn: z.string().nullable(),
		reviewOn: z.string().nullable()
	})
	.meta({ id: 'CharterContent' });

export const partyStatusSchema = z.object({
	organisationId: z.uuid(),
	organisationName: z.string(),
	role: z.string(),
	status: z.enum(['pending', 'approved', 'changes_requested']),
	by: z.string().nullable(),
	at: z.string().nullable(),
	reason: z.string()
});

export const charterVersionSchema = z
	.object({
		id: z.uuid(),
		cooperationId: z.uuid(),
		number: z.number().int(),
		status: z.enum(VERSION_STATUSES),
		template: z.string().nullable(),
		content: charterContentSchema,
		contentHash: z.string().nullable(),
		frozenAt: z.string().nullable(),
		updatedAt: z.string(),
		parties: z.array(partyStatusSchema)
	})
	.meta({ id: 'CharterVersion' });

export const charterVersionListSchema = z
	.object({
		items: z.array(
			z.object({
				id: z.uuid(),
				number: z.number().int(),
				status: z.enum(VERSION_STATUSES),
				title: z.string(),
				contentHash: z.string().nullable(),
				frozenAt: z.string().nullable(),
				updatedAt: z.string()
			})
		)
	})
	.meta({ id: 'CharterVersionList' });
