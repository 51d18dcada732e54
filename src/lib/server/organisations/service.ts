import { nowOf, type Context } from '../context';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { authorize } from '../policy/policy';
import type { Role } from '../policy/actor';
import { audit } from '../audit/service';
import { createUser, findUserByEmail, InvalidCredentialsError, openSession } from '../auth/service';
import { randomToken, sha256, verifyPassword } from '../auth/crypto';
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
	const org = await repo.insertOrganisation(ctx.db, { ...input, slug, isDemo: input.isDemo ?? false });
	await audit(ctx, {
		action: 'organisation.create',
		objectType: 'organisation',
		objectId: org.id,
		organisationId: org.id
	});
	return org;
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
	await repo.upsertMembership(ctx.db, userId, organisationId, role);
	await audit(ctx, {
		action: 'membership.update',
		objectType: 'membership',
		objectId: userId,
		organisationId,
		details: { role }
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
	const org = await repo.findOrganisation(ctx.db, organisationId);
	if (!org) throw new NotFoundError('organisation', organisationId);
	const token = randomToken();
	const now = nowOf(ctx);
	const invitation = await repo.insertInvitation(ctx.db, {
		tokenHash: sha256(token),
		organisationId,
		email: input.email.toLowerCase(),
		role: input.role,
		invitedBy: ctx.actor.user!.id,
		expiresAt: new Date(now.getTime() + INVITATION_TTL_MS)
	});
	const acceptUrl = `${baseUrl}/invitation/${token}`;
	await mailer().send({
		to: invitation.email,
		subject: `Invitation à rejoindre ${org.name} sur Maillage`,
		text: `Bonjour,\n\nVous êtes invité·e à rejoindre « ${org.name} » sur Maillage.\nCe lien est valable 7 jours et ne sert qu'une fois :\n${acceptUrl}\n`
	});
	await audit(ctx, {
		action: 'invitation.create',
		objectType: 'invitation',
		objectId: invitation.id,
		organisationId,
		details: { role: input.role }
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
	await repo.revokeInvitation(ctx.db, id, nowOf(ctx));
	await audit(ctx, {
		action: 'invitation.revoke',
		objectType: 'invitation',
		objectId: id,
		organisationId: invitation.organisationId
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
	const existingAccount = state === 'valid' && !!(await findUserByEmail(ctx.db, invitation.email));
	return { state, email: invitation.email, role: invitation.role, organisationName, existingAccount };
}

/**
 * Accepts an invitation: creates the account (or joins an existing one), adds the membership, opens a session.
 * All in one transaction; a used, revoked or expired link creates nothing.
 */
export async function acceptInvitation(
	ctx: Context,
	token: string,
	input: { displayName?: string; password: string }
): Promise<{ state: InvitationState; sessionToken?: string }> {
	const inspected = await inspectInvitation(ctx, token);
	if (inspected.state !== 'valid') return { state: inspected.state };
	if (!inspected.existingAccount && (input.displayName ?? '').length < 2) {
		throw new ValidationError([{ field: 'displayName', message: 'name.tooShort' }]);
	}
	return ctx.db.transaction(async (tx) => {
		const txCtx = { ...ctx, db: tx as unknown as Context['db'] };
		const found = await repo.findInvitationByTokenHash(txCtx.db, sha256(token));
		const consumed = found && (await repo.consumeInvitation(txCtx.db, found.invitation.id, nowOf(ctx)));
		if (!consumed) return { state: 'used' as InvitationState };
		const existing = await findUserByEmail(txCtx.db, consumed.email);
		// Joining with an existing account needs that account's password: the link alone is not enough.
		if (
			existing &&
			!(existing.passwordHash && (await verifyPassword(existing.passwordHash, input.password)))
		) {
			throw new InvalidCredentialsError();
		}
		const user =
			existing ??
			(await createUser(txCtx.db, {
				email: consumed.email,
				displayName: input.displayName!,
				password: input.password
			}));
		await repo.upsertMembership(txCtx.db, user.id, consumed.organisationId, consumed.role);
		const sessionToken = await openSession(txCtx, user.id);
		await audit(txCtx, {
			action: 'invitation.accept',
			objectType: 'invitation',
			objectId: consumed.id,
			organisationId: consumed.organisationId,
			actorUserId: user.id,
			details: { role: consumed.role }
		});
		return { state: 'valid' as InvitationState, sessionToken };
	});
}

export { upsertMembership } from './repository';
