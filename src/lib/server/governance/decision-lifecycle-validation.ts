import { z } from 'zod';
import { multiLine, optionalText, singleLine } from '../validation';
import { DECISION_STATUSES } from './schema';
import { isoDay } from './register-validation';

/** PATCH of a decision: only the fields sent change; a review date may be cleared with null or "". */
export const decisionPatchSchema = z
	.object({
		title: singleLine().min(3, 'decisions.titleTooShort').max(300, 'decisions.titleTooLong').optional(),
		text: multiLine().min(1, 'decisions.textRequired').max(20000, 'decisions.textTooLong').optional(),
		outcome: singleLine().max(200, 'decisions.outcomeTooLong').optional(),
		reviewOn: z
			.preprocess((v) => (v === '' ? null : v), isoDay('decisions.reviewOnInvalid').nullable())
			.optional(),
		reason: optionalText(1000, { multiline: true, key: 'decisions.reasonTooLong' })
	})
	.meta({ id: 'DecisionPatch' });
export type DecisionPatch = z.infer<typeof decisionPatchSchema>;

export const decisionStatusInputSchema = z
	.object({
		status: z.enum(DECISION_STATUSES, { error: 'decisions.statusUnknown' }),
		reason: multiLine()
			.min(1, { error: 'decisions.reasonRequired', abort: true })
			.min(3, 'decisions.reasonTooShort')
			.max(1000, 'decisions.reasonTooLong'),
		/** the new decision that amends or reverses this one (required for « amended ») */
		byDecisionId: z.preprocess(
			(v) => (v === '' ? undefined : v),
			z.uuid('decisions.byDecisionInvalid').optional()
		)
	})
	.meta({ id: 'DecisionStatusInput' });
export type DecisionStatusInput = z.infer<typeof decisionStatusInputSchema>;

export const decisionSchema = z
	.object({
		id: z.uuid(),
		cooperationId: z.uuid(),
		cooperationName: z.string(),
		bodyId: z.uuid(),
		bodyName: z.string(),
		bodyKind: z.string(),
		meetingId: z.uuid().nullable(),
		title: z.string(),
		text: z.string(),
		outcome: z.string(),
		decidedOn: z.string(),
		reviewOn: z.string().nullable(),
		status: z.enum(DECISION_STATUSES),
		supersedesId: z.uuid().nullable(),
		canChange: z.boolean(),
		history: z.array(
			z.object({
				id: z.uuid(),
				kind: z.string(),
				changes: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])),
				reason: z.string().nullable(),
				changedAt: z.string(),
				changedByName: z.string().nullable()
			})
		),
		actions: z.array(
			z.object({
				id: z.uuid(),
				title: z.string(),
				dueOn: z.string(),
				status: z.string(),
				ownerName: z.string(),
				organisationName: z.string()
			})
		),
		supersededBy: z.array(z.object({ id: z.uuid(), title: z.string(), decidedOn: z.string() }))
	})
	.meta({ id: 'Decision' });
