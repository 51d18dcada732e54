import { nowOf, type Context } from '../context';
import { NotFoundError, ValidationError } from '../errors';
import { authorize, ForbiddenError } from '../policy/policy';
import { isOverdue, loadForViewer, professional, allowedActions } from './referrals-access';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import { getService, organisationServices } from '../directory/service';
import { organisationKinds } from '../organisations/service';
import { sharedCooperations } from '../cooperations/service';
import { parisDay } from '../jobs/clock';
import { seal } from '../crypto/fields';
import {
	auditPersonReads,
	personAccess,
	personViews,
	personViewsAndReasons,
	reveal,
	type PersonView,
	type Shown
} from './access';
import type { HiddenReason } from './sharing';
import * as base from './repository';
import * as repo from './referrals-repository';
import { afterReferralChange } from './ping-pong';
import { addWorkingDays } from './working-days';
import { noticeNewReferral } from './referrals-notices';
import type { ReferralStatus } from './schema';
import type { Capacity, ReferralInput, ReferralSettingsInput } from './referrals-validation';

/**
 * Referrals (orientations, issue 11 §4): a professional who sees a person sends them to a service of the directory;
 * the service's organisation answers (accept / refuse with a reason), follows it through and closes it; the sender
 * and the person's référent always hear of the outcome. Every change writes a referral event and an audit entry in
 * one transaction; reading a referral audits the person read.
 */

/** Working days to answer when the service has said nothing. */
export const DEFAULT_RESPONSE_DAYS = 5;

/** A live consent covering the organisation (by id or kind) with at least the identity category. */
async function hasConsentFor(ctx: Context, personId: string, organisationId: string, today: string) {
	const [consents, kinds] = await Promise.all([
		base.consentsOf(ctx.db, [personId]),
		organisationKinds(ctx, [organisationId])
	]);
	const kind = kinds[0]?.kind;
	return consents.some(
		(c) =>
			(c.organisationIds.includes(organisationId) || (!!kind && c.organisationKinds.includes(kind))) &&
			c.categories.includes('identity') &&
			!c.withdrawnAt &&
			c.givenOn <= today &&
			(!c.expiresOn || c.expiresOn >= today)
	);
}

/* ---------- capacity check and settings (no personal data) ---------- */

export interface ReferralSettings {
	serviceId: string;
	serviceName: string;
	organisationId: string | null;
	organisationName: string | null;
	canReceive: boolean;
	responseDays: number;
	capacity: Capacity | null;
	capacityUpdatedAt: Date | null;
}

/** What a sender checks before choosing anyone: does the service receive referrals, its capacity, its delay. */
export async function referralSettings(ctx: Context, serviceId: string): Promise<ReferralSettings> {
	if (!ctx.actor.user) throw new ForbiddenError('read', 'referral', false);
	const { service, structure } = await getService(ctx, serviceId);
	const organisationId = structure.organisationId ?? null;
	const [settings, kinds] = await Promise.all([
		repo.settingsOf(ctx.db, serviceId),
		organisationId ? organisationKinds(ctx, [organisationId]) : []
	]);
	return {
		serviceId,
		serviceName: service.name,
		organisationId,
		organisationName: kinds[0]?.name ?? null,
		canReceive: !!organisationId,
		responseDays: settings?.responseDays ?? DEFAULT_RESPONSE_DAYS,
		capacity: (settings?.capacity as Capacity | null) ?? null,
		capacityUpdatedAt: settings?.capacityUpdatedAt ?? null
	};
}

/** Set by the service's organisation (its admins and members). */
export async function putReferralSettings(ctx: Context, serviceId: string, input: ReferralSettingsInput) {
	const current = await referralSettings(ctx, serviceId);
	if (!current.organisationId) throw new NotFoundError('service', serviceId);
	authorize(ctx.actor, 'update', 'referral', { organisationId: current.organisationId });
	const now = nowOf(ctx);
	await inTransaction(ctx, async (tx) => {
		await repo.upsertSettings(tx.db, {
			serviceId,
			responseDays: input.responseDays,
			capacity: input.capacity === undefined ? current.capacity : input.capacity,
			capacityUpdatedAt: now,
			capacityUpdatedBy: ctx.actor.user!.id
		});
		await audit(tx, {
			action: 'referral.settings',
			objectType: 'service',
			objectId: serviceId,
			organisationId: current.organisationId,
			details: { responseDays: input.responseDays, capacity: input.capacity ?? current.capacity }
		});
	});
	return referralSettings(ctx, serviceId);
}

/* ---------- creation ---------- */

export async function createReferral(ctx: Context, input: ReferralInput): Promise<repo.ReferralRow> {
	const who = professional(ctx);
	const view = await personAccess(ctx, input.personId);
	const fromOrganisationId = view.organisationId;
	authorize(ctx.actor, 'create', 'referral', { organisationId: fromOrganisationId });
	const settings = await referralSettings(ctx, input.serviceId);
	const toOrganisationId = settings.organisationId;
	if (!toOrganisationId)
		throw new ValidationError([{ field: 'serviceId', message: 'referrals.serviceWithoutOrganisation' }]);
	const now = nowOf(ctx);
	const today = parisDay(now);
	if (toOrganisationId !== view.person.organisationId)
		if (!(await hasConsentFor(ctx, view.person.id, toOrganisationId, today)))
			throw new ValidationError([{ field: 'personId', message: 'referrals.consentMissing' }]);
	if (input.previousReferralId) {
		const previous = await repo.findReferral(ctx.db, input.previousReferralId);
		if (!previous || previous.personId !== view.person.id)
			throw new ValidationError([{ field: 'previousReferralId', message: 'referrals.previousUnknown' }]);
	}
	const shared = await sharedCooperations(ctx, [fromOrganisationId], [toOrganisationId]);
	return inTransaction(ctx, async (tx) => {
		const id = crypto.randomUUID();
		const created = await repo.insertReferral(tx.db, {
			id,
			personId: view.person.id,
			fromOrganisationId,
			fromUserId: who.userId,
			serviceId: input.serviceId,
			toOrganisationId,
			cooperationId: shared[0]?.cooperationId ?? null,
			status: 'sent',
			messageSealed: input.message ? seal(input.message, view.person.id) : null,
			respondBy: addWorkingDays(today, settings.responseDays),
			previousReferralId: input.previousReferralId ?? null,
			createdAt: now,
			updatedAt: now
		});
		await repo.insertEvent(tx.db, {
			referralId: id,
			fromStatus: null,
			toStatus: 'sent',
			byUserId: who.userId,
			at: now
		});
		await base.touchPerson(tx.db, view.person.id, now);
		await audit(tx, {
			action: 'referral.create',
			objectType: 'referral',
			objectId: id,
			organisationId: fromOrganisationId,
			details: { personId: view.person.id, serviceId: input.serviceId, toOrganisationId }
		});
		await noticeNewReferral(tx, created, settings.serviceName);
		await afterReferralChange(tx, id);
		return created;
	});
}

/* ---------- reading ---------- */

const HIDDEN = { visible: false, reason: 'noConsent' } as const;
const hiddenFor = (reason: HiddenReason | undefined) =>
	reason ? { visible: false as const, reason } : HIDDEN;

function personName(
	view: PersonView | undefined,
	reason?: HiddenReason
): Shown<{ firstName: string; lastName: string }> {
	if (!view) return hiddenFor(reason);
	const shown = reveal<{ firstName: string; lastName: string }>(view, 'identity', view.person.identitySealed);
	if (!shown.visible || !shown.value) return shown.visible ? HIDDEN : shown;
	return { visible: true, value: { firstName: shown.value.firstName, lastName: shown.value.lastName } };
}

const sealedText = (
	view: PersonView | undefined,
	sealed: string | null,
	reason?: HiddenReason
): Shown<string | null> => (view ? reveal<string>(view, 'needs', sealed) : hiddenFor(reason));

/**
 * One referral, as its sending or receiving organisation sees it: the person under the sharing rule, the message
 * and outcome under the needs category, the history. The receiving organisation's first opening marks it received.
 * Audits the person read in the same transaction.
 */
export async function getReferral(ctx: Context, id: string) {
	const loaded = await loadForViewer(ctx, id);
	return inTransaction(ctx, async (tx) => {
		let r = loaded.referral;
		const now = nowOf(tx);
		if (loaded.side.receiving && r.status === 'sent') {
			const marked = await repo.transition(
				tx.db,
				r.id,
				{ version: r.version, from: ['sent'] },
				{ status: 'received', updatedAt: now },
				false
			);
			if (marked) {
				r = marked;
				await repo.insertEvent(tx.db, {
					referralId: r.id,
					fromStatus: 'sent',
					toStatus: 'received',
					byUserId: loaded.who.userId,
					at: now
				});
				await audit(tx, {
					action: 'referral.received',
					objectType: 'referral',
					objectId: r.id,
					organisationId: r.toOrganisationId,
					details: { from: 'sent', to: 'received' }
				});
			}
		}
		const {
			views: [view],
			hidden
		} = await personViewsAndReasons(tx, [r.personId]);
		const reason = hidden.get(r.personId);
		if (view) await auditPersonReads(tx, [view], 'referral', { referralId: r.id });
		// one statement after the other: inside a transaction they share one connection
		const events = await repo.eventsOf(tx.db, r.id);
		const acceptedByName = await repo.userName(tx.db, r.acceptedBy);
		return {
			referral: r,
			serviceName: loaded.serviceName,
			fromOrganisationName: loaded.fromOrganisationName,
			toOrganisationName: loaded.toOrganisationName,
			person: personName(view, reason),
			message: sealedText(view, r.messageSealed, reason),
			outcome: sealedText(view, r.outcomeSealed, reason),
			acceptedByName,
			events,
			side: loaded.side,
			can: allowedActions(r.status as ReferralStatus, loaded.side),
			overdue: isOverdue(r, parisDay(now))
		};
	});
}

export interface ListOptions {
	box: 'received' | 'sent';
	/** one status, `open` (still waiting for an outcome) or none */
	status?: ReferralStatus | 'open';
	serviceId?: string;
	/** only this person's referrals (the person's « Orientations » tab: personAccess first) */
	personId?: string;
	limit: number;
	offset: number;
}

/**
 * My organisations' received referrals (overdue first) or sent ones, a page at a time, each row with the person's
 * name when the rule shows it; every person shown is audited.
 */
export async function listReferrals(ctx: Context, options: ListOptions) {
	const who = professional(ctx);
	const today = parisDay(nowOf(ctx));
	return inTransaction(ctx, async (tx) => {
		const { rows, total, capped } = await repo.listReferrals(tx.db, {
			...options,
			organisationIds: who.organisationIds,
			today
		});
		const { views, hidden } = await personViewsAndReasons(tx, [
			...new Set(rows.map((r) => r.referral.personId))
		]);
		// each name is opened once, however many referrals of the page are the same person's
		const names = new Map(views.map((v) => [v.person.id, personName(v)]));
		const shown = views.filter((v) => names.get(v.person.id)!.visible);
		if (shown.length) await auditPersonReads(tx, shown, 'referral-list', { box: options.box });
		const items = rows.map((row) => ({
			referral: row.referral,
			serviceName: row.serviceName,
			fromOrganisationName: row.fromOrganisationName,
			toOrganisationName: row.toOrganisationName,
			person: names.get(row.referral.personId) ?? personName(undefined, hidden.get(row.referral.personId)),
			overdue: isOverdue(row.referral, today)
		}));
		return { items, total, capped };
	});
}

/** The referrals of one person that the actor's organisations sent or received (the person's tab). */
export async function personReferrals(ctx: Context, personId: string) {
	await personAccess(ctx, personId);
	const [sent, received] = await Promise.all([
		listReferrals(ctx, { box: 'sent', personId, limit: 100, offset: 0 }),
		listReferrals(ctx, { box: 'received', personId, limit: 100, offset: 0 })
	]);
	const seen = new Set<string>();
	return [...sent.items, ...received.items]
		.filter((i) => !seen.has(i.referral.id) && seen.add(i.referral.id))
		.sort((a, b) => b.referral.createdAt.getTime() - a.referral.createdAt.getTime());
}

export { accept, refuse, start, complete, abandon } from './referrals-answers';
export { allowedActions, isOverdue } from './referrals-access';

/**
 * The persons the actor's organisations hold, with their names, to choose whom to refer (most recently active
 * first, at most `limit`). Every name shown is audited.
 */
export async function personsToRefer(ctx: Context, limit = 100) {
	const who = professional(ctx);
	return inTransaction(ctx, async (tx) => {
		const ids = await repo.personIdsHeldBy(tx.db, who.organisationIds, limit);
		const views = await personViews(tx, ids);
		if (views.length) await auditPersonReads(tx, views, 'referral-form');
		const order = new Map(ids.map((id, i) => [id, i]));
		return views
			.map((v) => ({ id: v.person.id, name: personName(v) }))
			.flatMap((p) => (p.name.visible && p.name.value ? [{ id: p.id, ...p.name.value }] : []))
			.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
	});
}

/** The services of the actor's organisations with their referral settings (the inbox's settings form). */
export async function myServicesSettings(ctx: Context) {
	const who = professional(ctx);
	const lists = await Promise.all(
		who.organisationIds.map((organisationId) =>
			organisationServices(ctx, organisationId, { limit: 100, offset: 0 }).catch(() => ({ items: [] }))
		)
	);
	const ids = [...new Set(lists.flatMap((l) => l.items.map((s) => s.id)))];
	return Promise.all(ids.map((id) => referralSettings(ctx, id)));
}
