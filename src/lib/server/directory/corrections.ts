import { createHmac } from 'node:crypto';
import { config } from '../config';
import { nowOf, type Context } from '../context';
import { NotFoundError, RateLimitError, ValidationError } from '../errors';
import { authorize, can } from '../policy/policy';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import { logger } from '../log';
import { mailer } from '../mail';
import { editorEmails } from '../organisations/service';
import * as repo from './repository';
import * as correctionsRepo from './corrections-repository';
import type {
	CorrectionHandle,
	CorrectionInput,
	CorrectionPart,
	CorrectionRequestDto,
	CorrectionStatus
} from './corrections-validation';

/**
 * "Signaler une erreur" (issue 9 §3): anyone sends a correction request from a public sheet; it goes to the
 * organisation that owns the service's structure (read from the stored rows), whose members see it and whose
 * editors answer or dismiss it. The optional contact is personal data: only those who may handle the request see
 * it, each read is audited, it is erased once the request is handled and after six months at the latest.
 */

/** Requests one address may send per window (institutions and libraries share addresses: not too low). */
export const MAX_REQUESTS_PER_IP = 10;
export const REQUEST_WINDOW_MS = 3600_000;
/** How long an unhandled request keeps its contact (said on the form). */
export const CONTACT_RETENTION_MS = 183 * 24 * 3600_000;

/** The address is only kept as a keyed hash, for the rate limit, and only for one window. */
const ipHashOf = (ip: string) =>
	createHmac('sha256', config().secret).update(`correction:${ip}`).digest('hex');

export type SendOutcome = { stored: true; id: string } | { stored: false };

/** Public: sends a correction request about a service. A filled honeypot is answered as a success, never stored. */
export async function sendCorrectionRequest(
	ctx: Context,
	serviceId: string,
	input: CorrectionInput,
	options: { baseUrl?: string } = {}
): Promise<SendOutcome> {
	authorize(ctx.actor, 'create', 'correctionRequest');
	const found = await repo.findServiceWithStructure(ctx.db, serviceId);
	if (!found) throw new NotFoundError('service', serviceId);
	if (input.precision && input.precision.trim() !== '') {
		logger.info({ serviceId }, 'correction request refused: honeypot filled');
		return { stored: false };
	}
	const now = nowOf(ctx);
	const ipHash = ipHashOf(ctx.ip ?? 'unknown');
	const sent = await correctionsRepo.countSentSince(
		ctx.db,
		ipHash,
		new Date(now.getTime() - REQUEST_WINDOW_MS)
	);
	if (sent >= MAX_REQUESTS_PER_IP) {
		// logged, not audited: a refused request writes nothing (robots would fill the audit log)
		logger.warn({ serviceId }, 'correction request refused: too many from one address');
		throw new RateLimitError(Math.ceil(REQUEST_WINDOW_MS / 1000), 'corrections.errors.rateLimited');
	}
	const outcome = await inTransaction(ctx, async (tx) => {
		const row = await correctionsRepo.insertCorrectionRequest(tx.db, {
			serviceId,
			organisationId: found.structure.organisationId,
			serviceName: found.service.name,
			structureName: found.structure.name,
			part: input.part ?? null,
			message: input.message,
			contact: input.contact ?? null,
			ipHash,
			createdAt: now
		});
		// no free text nor contact in the audit log: only what happened to which object
		await audit(tx, {
			action: 'correctionRequest.create',
			objectType: 'correctionRequest',
			objectId: row.id,
			organisationId: row.organisationId,
			details: { serviceId, part: row.part, withContact: row.contact !== null }
		});
		return { stored: true as const, id: row.id };
	});
	if (found.structure.organisationId)
		await notifyEditors(ctx, found.structure.organisationId, found.service.name, options.baseUrl);
	return outcome;
}

/**
 * After the commit, a notice to the owner's editors: neither the message nor the contact (they are read signed in,
 * where the read is audited). A mail that fails does not undo the request, it is logged.
 */
async function notifyEditors(ctx: Context, organisationId: string, serviceName: string, baseUrl = '') {
	try {
		const emails = await editorEmails(ctx, organisationId);
		for (const to of emails)
			await mailer().send({
				to,
				subject: `Maillage\u202f: une erreur a été signalée sur «\u202f${serviceName}\u202f»`,
				text: `Bonjour,\n\nUne personne a signalé une erreur sur la fiche «\u202f${serviceName}\u202f» de votre organisation.\nConnectez-vous pour la lire et y répondre\u202f:\n${baseUrl}/annuaire/signalements\n`
			});
	} catch (error) {
		logger.warn({ err: error, organisationId }, 'correction request notice not sent');
	}
}

const toDto = (
	row: correctionsRepo.CorrectionRequestRow,
	handledByName: string | null,
	showContact: boolean
): CorrectionRequestDto => ({
	id: row.id,
	serviceId: row.serviceId,
	organisationId: row.organisationId,
	serviceName: row.serviceName,
	structureName: row.structureName,
	part: row.part as CorrectionPart | null,
	message: row.message,
	contact: showContact ? row.contact : null,
	status: row.status as CorrectionStatus,
	response: row.response,
	handledByName,
	handledAt: row.handledAt?.toISOString() ?? null,
	createdAt: row.createdAt.toISOString()
});

/**
 * An organisation's requests, open ones first. Members of every role read them; the contact is shown only to
 * those who may handle them (member, admin), and reading contacts is audited (correctionRequest.read) with the ids read. Expired contacts
 * and address hashes are erased first, in the same transaction.
 */
export async function listCorrectionRequests(
	ctx: Context,
	organisationId: string,
	options: { status?: CorrectionStatus; limit: number; offset: number }
) {
	authorize(ctx.actor, 'read', 'correctionRequest', { organisationId });
	const canHandle = can(ctx.actor, 'update', 'correctionRequest', { organisationId });
	const now = nowOf(ctx);
	return inTransaction(ctx, async (tx) => {
		await correctionsRepo.eraseExpired(
			tx.db,
			new Date(now.getTime() - CONTACT_RETENTION_MS),
			new Date(now.getTime() - REQUEST_WINDOW_MS)
		);
		// one after the other: a transaction is one connection
		const rows = await correctionsRepo.requestsOfOrganisation(tx.db, organisationId, options);
		const total = await correctionsRepo.countOfOrganisation(tx.db, organisationId, options.status);
		const open = await correctionsRepo.countOfOrganisation(tx.db, organisationId, 'open');
		const withContact = canHandle
			? rows.filter((r) => r.request.contact !== null).map((r) => r.request.id)
			: [];
		if (withContact.length)
			await audit(tx, {
				action: 'correctionRequest.read',
				objectType: 'correctionRequest',
				organisationId,
				details: { ids: withContact }
			});
		return {
			items: rows.map((r) => toDto(r.request, r.handledByName, canHandle)),
			total,
			open,
			canHandle
		};
	});
}

/** How many requests are still open: for the directory home, next to the stale flags (no contact read). */
export async function countOpenCorrectionRequests(ctx: Context, organisationId: string) {
	authorize(ctx.actor, 'read', 'correctionRequest', { organisationId });
	return correctionsRepo.countOfOrganisation(ctx.db, organisationId, 'open');
}

/** Answered (with an optional note) or dismissed (with a reason): the contact is erased at the same time. */
export async function handleCorrectionRequest(ctx: Context, id: string, input: CorrectionHandle) {
	const stored = await correctionsRepo.findCorrectionRequest(ctx.db, id);
	if (!stored) throw new NotFoundError('correctionRequest', id);
	authorize(ctx.actor, 'update', 'correctionRequest', { organisationId: stored.organisationId ?? undefined });
	if (stored.status !== 'open')
		throw new ValidationError([{ field: 'status', message: 'correction.alreadyHandled' }]);
	return inTransaction(ctx, async (tx) => {
		const updated = await correctionsRepo.handleRequest(tx.db, id, {
			status: input.status,
			response: input.note ?? null,
			handledBy: ctx.actor.user?.id ?? null,
			handledAt: nowOf(ctx)
		});
		// handled in between by someone else
		if (!updated) throw new ValidationError([{ field: 'status', message: 'correction.alreadyHandled' }]);
		await audit(tx, {
			action: input.status === 'answered' ? 'correctionRequest.answer' : 'correctionRequest.dismiss',
			objectType: 'correctionRequest',
			objectId: id,
			organisationId: stored.organisationId,
			details: { serviceId: stored.serviceId }
		});
		return toDto(updated, ctx.actor.user?.displayName ?? null, false);
	});
}
