import { nowOf, type Context } from '../context';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { authorize, ForbiddenError } from '../policy/policy';
import { ROLES, type Actor, type Role } from '../policy/actor';
import { audit } from '../audit/service';
import { createUser, findUserByEmail, openSession, verifyCredentials } from '../auth/service';
import { randomToken, sha256 } from '../auth/crypto';
import { inTransaction } from '../db/transaction';
import { mailer } from '../mail';
import { foldAccents } from '../text';
import * as repo from './repository';
import type { InvitationInput, OrganisationInput } from './validation';
import { getTerritory } from '../territories/service';

export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

export function slugify(name: string): string {
	return foldAccents(name)
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.slice(0, 60);
}

export async function createOrganisation(ctx: Context, input: OrganisationInput & { isDemo?: boolean }) {
	authorize(ctx.actor, 'create', 'organisation');
	// the territory must exist
	await getTerritory(ctx, input.territoryType, input.territoryCode).catch(() => {
		throw new ValidationError([{ field: 'territoryCode', message: 'territory.unknown' }]);
	});
	const slug = slugify(input.name);
	if (await repo.findOrganisationBySlug(ctx.db, slug)) throw new ConflictError('organisation.exists');
	return inTransaction(ctx, async (tx) => {
		const org = await repo.insertOrganisation(tx.db, { ...input, slug, isDemo: input.isDemo ?? false });
		await audit(tx, {
			action: 'organisation.create',
			objectType: 'organisation',
			objectId: org.id,
			organisationId: org.id
		});
		return org;
	});
}

/**
 * Organisation admins grant roles inside their organisation only, and never one above their own there
 * (ADR 008); instance admins grant any role. Territory-wide powers are not a role: see auth/coordinations.
 */
export function authorizeRoleGrant(actor: Actor, organisationId: string, role: Role) {
	if (actor.user?.isInstanceAdmin) return;
	const held = actor.memberships.find((m) => m.organisationId === organisationId)?.role;
	if (!held || ROLES.indexOf(role) > ROLES.indexOf(held))
		throw new ForbiddenError('create', 'membership', actor.user !== null);
}

export async function listOrganisations(ctx: Context, page: { limit: number; offset: number }) {
	authorize(ctx.actor, 'read', 'organisation');
	const [items, total] = await Promise.all([
		repo.listOrganisations(ctx.db, page.limit, page.offset),
		repo.countOrganisations(ctx.db)
	]);
	return { items, total };
}

export async function getOrganisation(ctx: Context, id: string) {
	authorize(ctx.actor, 'read', 'organisation');
	const org = await repo.findOrganisation(ctx.db, id);
	if (!org) throw new NotFoundError('organisation', id);
	return org;
}

export async function listMembers(ctx: Context, organisationId: string) {
	authorize(ctx.actor, 'read', 'membership', { organisationId });
	return repo.listMembers(ctx.db, organisationId);
}

export async function addMember(ctx: Context, organisationId: string, userId: string, role: Role) {
	authorize(ctx.actor, 'update', 'membership', { organisationId });
	authorizeRoleGrant(ctx.actor, organisationId, role);
	await inTransaction(ctx, async (tx) => {
		await repo.upsertMembership(tx.db, userId, organisationId, role);
		await audit(tx, {
			action: 'membership.update',
			objectType: 'membership',
			objectId: userId,
			organisationId,
			details: { role }
		});
	});
}

/** Sends a single-use link; returns it too, so an admin without e-mail set up can pass it on. */
export async function inviteMember(
	ctx: Context,
	organisationId: string,
	input: InvitationInput,
	baseUrl: string
) {
	authorize(ctx.actor, 'create', 'invitation', { organisationId });
	authorizeRoleGrant(ctx.actor, organisationId, input.role);
	const org = await repo.findOrganisation(ctx.db, organisationId);
	if (!org) throw new NotFoundError('organisation', organisationId);
	const token = randomToken();
	const now = nowOf(ctx);
	const invitation = await inTransaction(ctx, async (tx) => {
		const row = await repo.insertInvitation(tx.db, {
			tokenHash: sha256(token),
			organisationId,
			email: input.email.toLowerCase(),
			role: input.role,
			invitedBy: ctx.actor.user!.id,
			expiresAt: new Date(now.getTime() + INVITATION_TTL_MS)
		});
		await audit(tx, {
			action: 'invitation.create',
			objectType: 'invitation',
			objectId: row.id,
			organisationId,
			details: { role: input.role }
		});
		return row;
	});
	const acceptUrl = `${baseUrl}/invitation/${token}`;
	// after the commit: a mail is never sent for an invitation that does not exist
	await mailer().send({
		to: invitation.email,
		subject: `Invitation à rejoindre ${org.name} sur Maillage`,
		text: `Bonjour,\n\nVous êtes invité·e à rejoindre « ${org.name} » sur Maillage.\nCe lien est valable 7 jours et ne sert qu'une fois :\n${acceptUrl}\n`
	});
	return {
		id: invitation.id,
		email: invitation.email,
		role: invitation.role,
		expiresAt: invitation.expiresAt.toISOString(),
		acceptUrl
	};
}

export async function listPendingInvitations(ctx: Context, organisationId: string) {
	authorize(ctx.actor, 'read', 'invitation', { organisationId });
	return repo.listPendingInvitations(ctx.db, organisationId, nowOf(ctx));
}

export async function revokeInvitation(ctx: Context, id: string) {
	const invitation = await repo.findInvitation(ctx.db, id);
	if (!invitation) throw new NotFoundError('invitation', id);
	authorize(ctx.actor, 'delete', 'invitation', { organisationId: invitation.organisationId });
	await inTransaction(ctx, async (tx) => {
		const revoked = await repo.revokeInvitation(tx.db, id, nowOf(ctx));
		if (!revoked) throw new ConflictError('invitation.alreadyUsed');
		await audit(tx, {
			action: 'invitation.revoke',
			objectType: 'invitation',
			objectId: id,
			organisationId: invitation.organisationId
		});
	});
}

export type InvitationState = 'valid' | 'expired' | 'used' | 'revoked' | 'unknown';

/** What the invitation page shows before anything is created. */
export async function inspectInvitation(ctx: Context, token: string) {
	const found = await repo.findInvitationByTokenHash(ctx.db, sha256(token));
	if (!found) return { state: 'unknown' as InvitationState };
	const { invitation, organisationName } = found;
	const state: InvitationState = invitation.acceptedAt
		? 'used'
		: invitation.revokedAt
			? 'revoked'
			: invitation.expiresAt <= nowOf(ctx)
				? 'expired'
				: 'valid';
	// Whether an account exists for the address is never shown: whoever holds the link (the inviter too) would learn it.
	return { state, email: invitation.email, role: invitation.role, organisationName };
}

/**
 * Accepts an invitation: joins the account that exists for the invited address (its password checked by the one
 * sign-in path: same limits, audit and generic error) or, given a name, creates it; then adds the membership and
 * opens a session, in one transaction. A used, revoked or expired link creates nothing.
 */
export async function acceptInvitation(
	ctx: Context,
	token: string,
	input: { displayName?: string; password: string }
): Promise<{ state: InvitationState; sessionToken?: string }> {
	const inspected = await inspectInvitation(ctx, token);
	if (inspected.state !== 'valid') return { state: inspected.state };
	const email = inspected.email!;
	const existing = await findUserByEmail(ctx.db, email);
	const newAccountName = (input.displayName ?? '').trim();
	// Without a name, or when the account exists, this is a password check like a sign-in: no account, wrong
	// password and throttled all answer as a sign-in does. Outside the transaction: failures must be recorded.
	const joining =
		existing || newAccountName.length < 2 ? await verifyCredentials(ctx, email, input.password) : null;
	return inTransaction(ctx, async (tx) => {
		const found = await repo.findInvitationByTokenHash(tx.db, sha256(token));
		const consumed = found && (await repo.consumeInvitation(tx.db, found.invitation.id, nowOf(ctx)));
		if (!consumed) return { state: 'used' as InvitationState };
		const user =
			joining ??
			(await createUser(tx.db, {
				email: consumed.email,
				displayName: newAccountName,
				password: input.password
			}));
		await repo.upsertMembership(tx.db, user.id, consumed.organisationId, consumed.role);
		const sessionToken = await openSession(tx, user.id);
		await audit(tx, {
			action: 'invitation.accept',
			objectType: 'invitation',
			objectId: consumed.id,
			organisationId: consumed.organisationId,
			actorUserId: user.id,
			details: { role: consumed.role, newAccount: !joining }
		});
		return { state: 'valid' as InvitationState, sessionToken };
	});
}

export { upsertMembership } from './repository';

/**
 * Addresses of an organisation's editors (admin, member), for a notice the application sends on its own (an error
 * reported on one of its sheets). Not an actor's read: nothing of it is shown to whoever triggered the notice.
 */
export async function editorEmails(ctx: Pick<Context, 'db'>, organisationId: string): Promise<string[]> {
	const members = await repo.listMembers(ctx.db, organisationId);
	return members.filter((m) => m.role !== 'reader').map((m) => m.email);
}

/** Which of these users belong to the organisation (for other domains' checks; no authorization of its own). */
export async function membersAmong(
	ctx: Pick<Context, 'db'>,
	organisationId: string,
	userIds: readonly string[]
): Promise<Set<string>> {
	if (!userIds.length) return new Set();
	const members = await repo.listMembers(ctx.db, organisationId);
	const wanted = new Set(userIds);
	return new Set(members.map((m) => m.userId).filter((id) => wanted.has(id)));
}

/** Kind and name of these organisations (for other domains' rules, e.g. consent by kind; no authorization of its own). */
export async function organisationKinds(ctx: Pick<Context, 'db'>, ids: readonly string[]) {
	return repo.kindsOf(ctx.db, ids);
}

/**
 * An organisation's admins and members whose account is not disabled (who may have asked a person's consent), for
 * its own members (membership read rule).
 */
export async function activeEditors(ctx: Context, organisationId: string) {
	authorize(ctx.actor, 'read', 'membership', { organisationId });
	return repo.activeEditors(ctx.db, organisationId);
}

/**
 * User ids of an organisation's editors (admin, member), for the notices the application records on its own (a
 * referral waiting for an answer). No authorization: nothing of it is shown to whoever triggered the notice.
 */
export async function editorIds(ctx: Pick<Context, 'db'>, organisationId: string): Promise<string[]> {
	const members = await repo.listMembers(ctx.db, organisationId);
	return members.filter((m) => m.role !== 'reader').map((m) => m.userId);
}
