import { z } from 'zod';
import { multiLine } from '../validation';
import { eurosInput } from '../charters/validation';
import { ADVANCE_STATUSES, ADVANCE_URGENCIES, PAYMENT_MEANS } from './schema';

/** Inputs of the advance fund (they also feed the OpenAPI document). Amounts are exact text: « 250,50 ». */

const text = (min: number, max: number, key: string) => multiLine().min(min, key).max(max, 'text.tooLong');
const day = z.iso.date('fund.date').meta({ description: 'Date AAAA-MM-JJ' });

export const advanceRequestInputSchema = z
	.object({
		personId: z.uuid('fund.person'),
		amount: eurosInput('fund.amount'),
		purpose: text(3, 2000, 'fund.purpose'),
		urgency: z.enum(ADVANCE_URGENCIES, { error: 'fund.urgency' }),
		/** the requester's organisation, when they belong to several parties */
		organisationId: z.uuid('fund.organisation').optional()
	})
	.strict()
	.meta({ id: 'AdvanceRequestInput' });
export type AdvanceRequestInput = z.output<typeof advanceRequestInputSchema>;

export const answerInputSchema = z
	.object({
		decision: z.enum(['approved', 'refused'], { error: 'fund.decision' }),
		justification: multiLine().max(2000, 'text.tooLong').default('')
	})
	.strict()
	.superRefine((v, ctx) => {
		if (v.decision === 'refused' && v.justification.length < 3)
			ctx.addIssue({ code: 'custom', path: ['justification'], message: 'fund.justificationRequired' });
	})
	.meta({ id: 'AdvanceAnswerInput' });
export type AnswerInput = z.output<typeof answerInputSchema>;

export const paymentInputSchema = z
	.object({
		paidOn: day,
		means: z.enum(PAYMENT_MEANS, { error: 'fund.means' }),
		/** must equal the approved amount when sent */
		amount: eurosInput('fund.amount').optional()
	})
	.strict()
	.meta({ id: 'AdvancePaymentInput' });
export type PaymentInput = z.output<typeof paymentInputSchema>;

export const repaymentInputSchema = z
	.object({ amount: eurosInput('fund.amount'), repaidOn: day })
	.strict()
	.meta({ id: 'AdvanceRepaymentInput' });
export type RepaymentInput = z.output<typeof repaymentInputSchema>;

export const writeOffInputSchema = z
	.object({ reason: text(3, 2000, 'fund.reasonRequired') })
	.strict()
	.meta({ id: 'AdvanceWriteOffInput' });
export type WriteOffInput = z.output<typeof writeOffInputSchema>;

export const requestFilterSchema = z.object({
	status: z.enum(ADVANCE_STATUSES, { error: 'fund.status' }).optional(),
	urgency: z.enum(ADVANCE_URGENCIES, { error: 'fund.urgency' }).optional(),
	year: z.coerce
		.number('fund.year')
		.int('fund.year')
		.min(2000, 'fund.year')
		.max(2100, 'fund.year')
		.optional(),
	limit: z.coerce
		.number('limit.invalid')
		.int('limit.invalid')
		.min(1, 'limit.invalid')
		.max(100, 'limit.invalid')
		.default(50),
	offset: z.coerce
		.number('offset.invalid')
		.int('offset.invalid')
		.min(0, 'offset.invalid')
		.max(1_000_000, 'offset.invalid')
		.default(0)
});
export type RequestFilterInput = z.output<typeof requestFilterSchema>;

export const balanceQuerySchema = z.object({
	year: z.coerce.number('fund.year').int('fund.year').min(2000, 'fund.year').max(2100, 'fund.year').optional()
});

/* ---------- responses ---------- */

const decimal = z.string().regex(/^\d+\.\d{2}$/);
const hidden = z.object({ visible: z.literal(false), reason: z.string() });
export const balanceSchema = z
	.object({
		year: z.number().int(),
		ceilingPerYear: decimal.nullable(),
		ceilingPerRequest: decimal.nullable(),
		approved: decimal,
		paid: decimal,
		repaid: decimal,
		writtenOff: decimal,
		outstanding: decimal,
		pending: decimal,
		remaining: decimal.nullable(),
		requests: z.number().int()
	})
	.meta({ id: 'FundBalance' });

const shownName = z.union([z.object({ visible: z.literal(true), value: z.string() }), hidden]);

export const advanceSummarySchema = z.object({
	id: z.uuid(),
	status: z.enum(ADVANCE_STATUSES),
	urgency: z.enum(ADVANCE_URGENCIES),
	amount: decimal,
	year: z.number().int(),
	createdAt: z.string(),
	personId: z.uuid().nullable(),
	personName: shownName.nullable(),
	requesterOrganisationId: z.uuid(),
	requesterOrganisationName: z.string(),
	approvals: z.number().int(),
	answered: z.number().int(),
	approversCount: z.number().int(),
	quorum: z.number().int()
});
export const advanceListSchema = z
	.object({ items: z.array(advanceSummarySchema) })
	.meta({ id: 'AdvanceRequestList' });

export const advanceDetailSchema = advanceSummarySchema
	.extend({
		requesterUserId: z.uuid().nullable(),
		requesterName: z.string().nullable(),
		/** null when the viewer is neither of the requesting organisation nor an approver, or once erased */
		purpose: z.string().nullable(),
		approvers: z.array(
			z.object({
				index: z.number().int(),
				organisationId: z.uuid(),
				organisationName: z.string(),
				userId: z.uuid().nullable(),
				userName: z.string().nullable(),
				answer: z
					.object({
						decision: z.enum(['approved', 'refused']),
						userId: z.uuid().nullable(),
						userName: z.string().nullable(),
						answeredAt: z.string(),
						justification: z.string().nullable()
					})
					.nullable()
			})
		),
		payment: z
			.object({
				paidOn: z.string(),
				amount: decimal,
				means: z.enum(PAYMENT_MEANS),
				paidBy: z.string().nullable()
			})
			.nullable(),
		repaid: decimal,
		writtenOff: decimal,
		outstanding: decimal,
		repayments: z.array(z.object({ id: z.uuid(), amount: decimal, repaidOn: z.string() })),
		writeOffReason: z.string().nullable(),
		can: z.object({ answer: z.boolean(), pay: z.boolean(), repay: z.boolean(), writeOff: z.boolean() })
	})
	.meta({ id: 'AdvanceRequest' });
