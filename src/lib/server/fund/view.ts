import type { Context } from '../context';
import { audit } from '../audit/service';
import type { CooperationAccess } from '../cooperations/service';
import { open } from '../crypto/fields';
import { auditPersonReads, personViews, reveal, type PersonView, type Shown } from '../pathways/access';
import * as repo from './repository';
import type { AdvanceStatus, AdvanceUrgency, PaymentMeans } from './schema';

/**
 * What a viewer is shown of advance requests. The person's name follows the sharing rule (`personViews` +
 * `reveal`, identity category); the purpose and the justifications are shown to the requesting organisation's
 * professionals and to the approvers only (they must read them to decide). Every read that shows any of it is
 * audited in the caller's transaction.
 */

export interface AdvanceSummary {
	id: string;
	status: AdvanceStatus;
	urgency: AdvanceUrgency;
	amount: string;
	year: number;
	createdAt: string;
	personId: string | null;
	personName: Shown<string> | null;
	requesterOrganisationId: string;
	requesterOrganisationName: string;
	approvals: number;
	answered: number;
	approversCount: number;
	quorum: number;
}

export interface AdvanceDetail extends AdvanceSummary {
	requesterUserId: string | null;
	requesterName: string | null;
	purpose: string | null;
	approvers: {
		index: number;
		organisationId: string;
		organisationName: string;
		userId: string | null;
		userName: string | null;
		answer: {
			decision: 'approved' | 'refused';
			userId: string | null;
			userName: string | null;
			answeredAt: string;
			justification: string | null;
		} | null;
	}[];
	payment: { paidOn: string; amount: string; means: PaymentMeans; paidBy: string | null } | null;
	repaid: string;
	writtenOff: string;
	outstanding: string;
	repayments: { id: string; amount: string; repaidOn: string }[];
	writeOffReason: string | null;
	can: { answer: boolean; pay: boolean; repay: boolean; writeOff: boolean };
}

const NO_ONE = { visible: false as const, reason: 'noConsent' as const };

function nameOf(view: PersonView | undefined): Shown<string> {
	if (!view) return NO_ONE;
	const shown = reveal<{ firstName: string; lastName: string; usualName?: string }>(
		view,
		'identity',
		view.person.identitySealed
	);
	if (!shown.visible) return shown;
	const v = shown.value;
	return { visible: true, value: v ? `${v.firstName} ${v.usualName || v.lastName}` : '' };
}

const cents = (v: string) => BigInt(v.replace('.', ''));
const fromCents = (c: bigint) => {
	const s = c.toString().padStart(3, '0');
	return `${s.slice(0, -2)}.${s.slice(-2)}`;
};

function summary(
	access: CooperationAccess,
	row: repo.RequestRow,
	answers: repo.AnswerRow[],
	view: PersonView | undefined
): AdvanceSummary {
	const mine = answers.filter((a) => a.requestId === row.id);
	return {
		id: row.id,
		status: row.status,
		urgency: row.urgency,
		amount: row.amount,
		year: row.year,
		createdAt: row.createdAt.toISOString(),
		personId: row.personId,
		personName: row.personId ? nameOf(view) : null,
		requesterOrganisationId: row.requesterOrganisationId,
		requesterOrganisationName:
			access.parties.find((p) => p.organisationId === row.requesterOrganisationId)?.organisationName ?? '—',
		approvals: mine.filter((a) => a.decision === 'approved').length,
		answered: mine.length,
		approversCount: row.approvers.length,
		quorum: row.quorum
	};
}

/** A list of requests; the rows whose person's name is shown are audited (one event per person). */
export async function requestSummaries(
	ctx: Context,
	access: CooperationAccess,
	rows: repo.RequestRow[]
): Promise<AdvanceSummary[]> {
	const personIds = [...new Set(rows.flatMap((r) => (r.personId ? [r.personId] : [])))];
	const [answers, views] = await Promise.all([
		repo.answersOf(
			ctx.db,
			rows.map((r) => r.id)
		),
		personViews(ctx, personIds)
	]);
	const byPerson = new Map(views.map((v) => [v.person.id, v]));
	const shown = views.filter((v) => v.categories.identity.visible);
	if (shown.length)
		await auditPersonReads(ctx, shown, 'advanceRequests', { cooperationId: access.cooperation.id });
	return rows.map((r) => summary(access, r, answers, r.personId ? byPerson.get(r.personId) : undefined));
}

/** Whether the viewer is of the requesting organisation or an approver of this request. */
function insider(ctx: Context, access: CooperationAccess, row: repo.RequestRow): boolean {
	const userId = ctx.actor.user?.id;
	if (!userId) return false;
	if (
		ctx.actor.memberships.some((m) => m.organisationId === row.requesterOrganisationId && m.role !== 'reader')
	)
		return true;
	return row.approvers.some(
		(a) => access.signatoryFor.includes(a.organisationId) && (a.userId === null || a.userId === userId)
	);
}

/** One request in full, as the viewer may see it; audited when it shows anything about the person. */
export async function requestDetail(
	ctx: Context,
	access: CooperationAccess,
	row: repo.RequestRow,
	what: string
): Promise<AdvanceDetail> {
	const [answers, repayments, views] = await Promise.all([
		repo.answersOf(ctx.db, [row.id]),
		repo.repaymentsOf(ctx.db, row.id),
		row.personId ? personViews(ctx, [row.personId]) : Promise.resolve([])
	]);
	const view = views[0];
	const names = await repo.userNames(ctx.db, [
		row.requesterUserId,
		row.paidBy,
		...answers.map((a) => a.userId),
		...row.approvers.map((a) => a.userId)
	]);
	const inside = insider(ctx, access, row) && !!row.personId;
	const openText = (sealed: string | null) =>
		inside && sealed && row.personId ? open<string>(sealed, row.personId) : null;
	const orgName = (id: string) =>
		access.parties.find((p) => p.organisationId === id)?.organisationName ?? '—';
	const userId = ctx.actor.user?.id;
	const taken = new Set(answers.map((a) => a.approverIndex));
	const myEntries = userId
		? row.approvers.flatMap((a, i) =>
				access.signatoryFor.includes(a.organisationId) && (a.userId === null || a.userId === userId)
					? [i]
					: []
			)
		: [];
	const mayRecord =
		!!userId &&
		(ctx.actor.memberships.some(
			(m) => m.organisationId === row.requesterOrganisationId && m.role !== 'reader'
		) ||
			myEntries.length > 0);
	const paid = row.paidAmount ?? '0.00';
	const detail: AdvanceDetail = {
		...summary(access, row, answers, view),
		requesterUserId: row.requesterUserId,
		requesterName: row.requesterUserId ? (names.get(row.requesterUserId) ?? null) : null,
		purpose: openText(row.purposeSealed),
		approvers: row.approvers.map((a, index) => {
			const answer = answers.find((x) => x.approverIndex === index);
			return {
				index,
				organisationId: a.organisationId,
				organisationName: orgName(a.organisationId),
				userId: a.userId,
				userName: a.userId ? (names.get(a.userId) ?? null) : null,
				answer: answer
					? {
							decision: answer.decision,
							userId: answer.userId,
							userName: answer.userId ? (names.get(answer.userId) ?? null) : null,
							answeredAt: answer.answeredAt.toISOString(),
							justification: openText(answer.justificationSealed)
						}
					: null
			};
		}),
		payment:
			row.paidOn && row.paidAmount && row.paymentMeans
				? {
						paidOn: row.paidOn,
						amount: row.paidAmount,
						means: row.paymentMeans,
						paidBy: row.paidBy ? (names.get(row.paidBy) ?? null) : null
					}
				: null,
		repaid: row.repaidAmount,
		writtenOff: row.writtenOffAmount,
		outstanding: fromCents(cents(paid) - cents(row.repaidAmount) - cents(row.writtenOffAmount)),
		repayments: repayments.map((r) => ({ id: r.id, amount: r.amount, repaidOn: r.repaidOn })),
		writeOffReason: openText(row.writeOffReasonSealed),
		can: {
			answer:
				row.status === 'pending' &&
				row.requesterUserId !== userId &&
				!answers.some((a) => a.userId === userId) &&
				myEntries.some((i) => !taken.has(i)),
			pay: mayRecord && row.status === 'approved',
			repay: mayRecord && (row.status === 'paid' || row.status === 'partially_repaid'),
			writeOff: mayRecord && (row.status === 'paid' || row.status === 'partially_repaid')
		}
	};
	const showsPerson = (detail.personName?.visible ?? false) || inside;
	if (showsPerson && row.personId) {
		if (view) await auditPersonReads(ctx, [view], 'advanceRequest', { requestId: row.id, action: what });
		else
			await audit(ctx, {
				action: 'person.read',
				objectType: 'person',
				objectId: row.personId,
				organisationId: row.requesterOrganisationId,
				details: { what: 'advanceRequest', ground: 'fundApprover', requestId: row.id, action: what }
			});
	}
	return detail;
}
