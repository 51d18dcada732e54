import { z } from 'zod';
import { multiLine, pageQuerySchema, singleLine } from '../validation';

/** Which part of a sheet is wrong (optional in the form). */
export const CORRECTION_PARTS = ['telephone', 'adresse', 'horaires', 'ferme', 'autre'] as const;
export type CorrectionPart = (typeof CORRECTION_PARTS)[number];
export const CORRECTION_STATUSES = ['open', 'answered', 'dismissed'] as const;
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];

export const MAX_CORRECTION_MESSAGE = 2000;
export const MAX_CORRECTION_NOTE = 1000;
const MAX_CONTACT = 200;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A phone number as people type it: digits, spaces, dots, dashes, parentheses, a leading +; 6 to 15 digits. */
const PHONE = /^\+?[\d\s.()-]+$/;
const isContact = (v: string) =>
	EMAIL.test(v) ||
	(PHONE.test(v) && (v.match(/\d/g)?.length ?? 0) >= 6 && (v.match(/\d/g)?.length ?? 0) <= 15);

/** An empty form field is "not given". */
const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const correctionInputSchema = z
	.object({
		message: multiLine()
			.min(1, { error: 'correction.messageRequired', abort: true })
			.min(5, 'correction.messageTooShort')
			.max(MAX_CORRECTION_MESSAGE, 'correction.messageTooLong')
			.meta({ description: 'Ce qui est faux sur la fiche (texte libre, 5 à 2 000 caractères)' }),
		part: z
			.preprocess(
				emptyAsUndefined,
				z
					.string()
					.refine((v): v is CorrectionPart => (CORRECTION_PARTS as readonly string[]).includes(v), {
						error: (issue) => `correction.partUnknown:${String(issue.input)}`
					})
					.optional()
			)
			.meta({ description: 'Partie concernée : telephone, adresse, horaires, ferme ou autre' }),
		contact: z
			.preprocess(
				emptyAsUndefined,
				singleLine()
					.max(MAX_CONTACT, 'correction.contactInvalid')
					.refine(isContact, 'correction.contactInvalid')
					.optional()
			)
			.meta({
				description:
					'Adresse e-mail ou téléphone pour vous répondre (facultatif) ; vu seulement par l’organisation, effacé une fois la demande traitée'
			}),
		/** honeypot: a field people never see; robots fill it */
		precision: z.string().max(1000).optional()
	})
	.meta({ id: 'CorrectionRequestInput' });
export type CorrectionInput = z.output<typeof correctionInputSchema>;

export const correctionHandleSchema = z
	.object({
		status: z.enum(['answered', 'dismissed'], 'correction.statusInvalid'),
		note: z
			.preprocess(emptyAsUndefined, multiLine().max(MAX_CORRECTION_NOTE, 'correction.noteTooLong').optional())
			.meta({ description: 'Réponse (facultative) ou motif du refus (obligatoire)' })
	})
	.superRefine((value, ctx) => {
		if (value.status === 'dismissed' && !value.note)
			ctx.addIssue({ code: 'custom', path: ['note'], message: 'correction.reasonRequired' });
	})
	.meta({ id: 'CorrectionRequestHandle' });
export type CorrectionHandle = z.output<typeof correctionHandleSchema>;

export const correctionListQuerySchema = pageQuerySchema(50).extend({
	organisationId: z.uuid('organisation.invalid'),
	status: z.enum(CORRECTION_STATUSES, 'correction.statusInvalid').optional()
});

export const correctionRequestSchema = z
	.object({
		id: z.uuid(),
		serviceId: z.uuid().nullable().meta({ description: 'null une fois le service supprimé' }),
		organisationId: z.uuid().nullable(),
		serviceName: z.string(),
		structureName: z.string(),
		part: z.enum(CORRECTION_PARTS).nullable(),
		message: z.string(),
		contact: z
			.string()
			.nullable()
			.meta({ description: 'Seulement pour qui peut traiter la demande ; chaque lecture est journalisée' }),
		status: z.enum(CORRECTION_STATUSES),
		response: z.string().nullable(),
		handledByName: z.string().nullable(),
		handledAt: z.string().nullable(),
		createdAt: z.string()
	})
	.meta({ id: 'CorrectionRequest' });
export type CorrectionRequestDto = z.input<typeof correctionRequestSchema>;
