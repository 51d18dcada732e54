import type { Context } from '../context';
import { ValidationError, type FieldIssue } from '../errors';
import { authorize } from '../policy/policy';
import { audit } from '../audit/service';
import { inTransaction } from '../db/transaction';
import { territoryPath } from '../territories/service';
import * as repo from './repository';
import { checkParties, cooperationAccess, type CooperationAccess } from './service';
import type { CooperationPatch, PartyPut } from './validation';

/**
 * Changes to a cooperation once created: its fields (PATCH, only what is sent) and its parties. Access is decided
 * from the stored cooperation (pilot, co-pilot, facilitator, coordinators of its territory, instance admins);
 * every change is written with its history and audit entry in one transaction.
 */

type Field = 'name' | 'description' | 'themes' | 'territory' | 'status';

function authorizeManage(ctx: Context, access: CooperationAccess) {
	authorize(ctx.actor, 'update', 'cooperation', access.target);
}

const show = (v: unknown) => (Array.isArray(v) ? v.join(', ') : v == null ? null : String(v));

export async function updateCooperation(ctx: Context, id: string, patch: CooperationPatch) {
	const access = await cooperationAccess(ctx, id);
	authorizeManage(ctx, access);
	const stored = access.cooperation;
	const changes: { field: Field; before: string | null; after: string | null }[] = [];
	const set: Parameters<typeof repo.updateCooperation>[2] = {};
	for (const field of ['name', 'description', 'themes', 'status'] as const) {
		const value = patch[field];
		if (value === undefined) continue;
		if (show(value) === show(stored[field])) continue;
		changes.push({ field, before: show(stored[field]), after: show(value) });
		Object.assign(set, { [field]: value });
	}
	if (
		patch.territoryType !== undefined &&
		patch.territoryCode !== undefined &&
		(patch.territoryType !== stored.territoryType || patch.territoryCode !== stored.territoryCode)
	) {
		const place = await territoryPath(ctx, patch.territoryType, patch.territoryCode);
		if (!Object.keys(place).length)
			throw new ValidationError([{ field: 'territoryCode', message: 'territory.unknown' }]);
		// moving it: the actor must also be allowed to manage it where it goes (a coordinator stays in their territory)
		authorize(ctx.actor, 'update', 'cooperation', { ...access.target, place });
		set.territoryType = patch.territoryType;
		set.territoryCode = patch.territoryCode;
		changes.push({
			field: 'territory',
			before: `${stored.territoryType}:${stored.territoryCode}`,
			after: `${patch.territoryType}:${patch.territoryCode}`
		});
	}
	if (!changes.length) return stored;
	return inTransaction(ctx, async (tx) => {
		const updated = await repo.updateCooperation(tx.db, id, set);
		await repo.insertHistory(
			tx.db,
			changes.map((c) => ({ ...c, cooperationId: id, changedBy: ctx.actor.user?.id || null }))
		);
		await audit(tx, {
			action: 'cooperation.update',
			objectType: 'cooperation',
			objectId: id,
			details: {
				changes: Object.fromEntries(changes.map((c) => [c.field, { before: c.before, after: c.after }]))
			}
		});
		return updated;
	});
}

/** Adds a party, or changes its role and authorised members; the last pilot cannot be demoted. */
export async function putParty(ctx: Context, id: string, organisationId: string, input: PartyPut) {
	const access = await cooperationAccess(ctx, id);
	authorizeManage(ctx, access);
	const existing = access.parties.find((p) => p.organisationId === organisationId);
	const issues: FieldIssue[] = (
		await checkParties(ctx, [{ organisationId, role: input.role, signatoryUserIds: input.signatoryUserIds }])
	)
		.filter((i) => i.field !== 'parties')
		.map((i) => ({ field: i.field.replace(/^parties\.0\./, ''), message: i.message }));
	const otherPilots = access.parties.filter(
		(p) => p.role === 'pilote' && p.organisationId !== organisationId
	);
	if (existing?.role === 'pilote' && input.role !== 'pilote' && !otherPilots.length)
		issues.push({ field: 'role', message: 'cooperation.lastPilot' });
	if (issues.length) throw new ValidationError(issues);
	const signatories = [...new Set(input.signatoryUserIds)];
	const before = existing?.signatories.map((s) => s.userId).sort() ?? [];
	const history: { field: string; before: string | null; after: string | null }[] = [];
	if (existing?.role !== input.role)
		history.push({ field: `party:${organisationId}`, before: existing?.role ?? null, after: input.role });
	if (before.join() !== [...signatories].sort().join())
		history.push({
			field: `signatories:${organisationId}`,
			before: String(before.length),
			after: String(signatories.length)
		});
	return inTransaction(ctx, async (tx) => {
		if (existing) await repo.setPartyRole(tx.db, id, organisationId, input.role);
		else await repo.insertParty(tx.db, { cooperationId: id, organisationId, role: input.role });
		await repo.replaceSignatories(tx.db, id, organisationId, signatories);
		await repo.touchCooperation(tx.db, id);
		await repo.insertHistory(
			tx.db,
			history.map((h) => ({ ...h, cooperationId: id, changedBy: ctx.actor.user?.id || null }))
		);
		await audit(tx, {
			action: existing ? 'cooperation.party.update' : 'cooperation.party.add',
			objectType: 'cooperation',
			objectId: id,
			organisationId,
			details: { role: input.role, signatoryUserIds: signatories, previousRole: existing?.role ?? null }
		});
		return { created: !existing };
	});
}

/** Removes a party (never the last pilot); its authorised members go with it. */
export async function removeParty(ctx: Context, id: string, organisationId: string) {
	const access = await cooperationAccess(ctx, id);
	authorizeManage(ctx, access);
	const existing = access.parties.find((p) => p.organisationId === organisationId);
	if (!existing) throw new ValidationError([{ field: 'organisationId', message: 'cooperation.notAParty' }]);
	if (existing.role === 'pilote' && !access.parties.some((p) => p.role === 'pilote' && p !== existing))
		throw new ValidationError([{ field: 'organisationId', message: 'cooperation.lastPilot' }]);
	await inTransaction(ctx, async (tx) => {
		await repo.deleteParty(tx.db, id, organisationId);
		await repo.touchCooperation(tx.db, id);
		await repo.insertHistory(tx.db, [
			{
				cooperationId: id,
				field: `party:${organisationId}`,
				before: existing.role,
				after: null,
				changedBy: ctx.actor.user?.id || null
			}
		]);
		await audit(tx, {
			action: 'cooperation.party.remove',
			objectType: 'cooperation',
			objectId: id,
			organisationId,
			details: { role: existing.role }
		});
	});
}

/** What changed, newest first (field before/after, who, when). */
export async function cooperationHistory(ctx: Context, access: CooperationAccess, limit = 50) {
	authorize(ctx.actor, 'read', 'cooperation', access.target);
	return repo.historyOf(ctx.db, access.cooperation.id, limit);
}

/**
 * Authorised members typed by e-mail address in the forms, resolved among the organisation's accounts:
 * an address that is not a member's is a field issue.
 */
export async function resolveSignatoryEmails(
	ctx: Context,
	organisationId: string,
	emails: string[],
	field: string
): Promise<{ userIds: string[]; issues: FieldIssue[] }> {
	const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
	const found = await repo.membersByEmail(ctx.db, organisationId, wanted);
	const byEmail = new Map(found.map((f) => [f.email.toLowerCase(), f.userId]));
	const missing = wanted.filter((e) => !byEmail.has(e));
	return {
		userIds: wanted.filter((e) => byEmail.has(e)).map((e) => byEmail.get(e)!),
		issues: missing.length ? [{ field, message: `cooperation.signatoryEmail:${missing.join(', ')}` }] : []
	};
}

/** The signatories' addresses per party, for the edit form (only for whoever manages the cooperation). */
export async function signatoryEmailsForEdit(ctx: Context, access: CooperationAccess) {
	authorizeManage(ctx, access);
	const rows = await repo.signatoryEmails(ctx.db, access.cooperation.id);
	const map = new Map<string, string[]>();
	for (const r of rows) map.set(r.organisationId, [...(map.get(r.organisationId) ?? []), r.email]);
	return map;
}
