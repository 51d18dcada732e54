import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { contextOf } from '$lib/server/api/operation';
import {
	getOrganisation,
	inviteMember,
	listMembers,
	listPendingInvitations,
	revokeInvitation
} from '$lib/server/organisations/service';
import { invitationInputSchema } from '$lib/server/organisations/validation';
import { can } from '$lib/server/policy/policy';
import { handleForm, routeId } from '$lib/server/http/forms';
import { publicBaseUrl } from '$lib/server/http/base-url';
import { translator } from '$lib/i18n';
import { territoryLabels } from '$lib/server/territories/names';
import type { TerritoryType } from '$lib/server/policy/actor';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const id = z.uuid().safeParse(event.params.id);
	if (!id.success) error(404, translator(event.locals.locale)('errors.notFound'));
	const ctx = contextOf(event);
	const organisation = await getOrganisation(ctx, id.data).catch(() =>
		error(404, translator(event.locals.locale)('errors.notFound'))
	);
	const target = { organisationId: organisation.id };
	const canSeeMembers = can(ctx.actor, 'read', 'membership', target);
	const canInvite = can(ctx.actor, 'create', 'invitation', target);
	const place = { type: organisation.territoryType as TerritoryType, code: organisation.territoryCode };
	return {
		organisation,
		territoryLabel: (await territoryLabels(ctx, [place]))[`${place.type}:${place.code}`],
		members: canSeeMembers ? await listMembers(ctx, organisation.id) : null,
		invitations: canInvite ? await listPendingInvitations(ctx, organisation.id) : null,
		canInvite
	};
};

export const actions: Actions = {
	invite: async (event) => {
		const id = routeId(event);
		return handleForm(event, invitationInputSchema, async (input) => {
			const created = await inviteMember(contextOf(event), id, input, publicBaseUrl(event.url));
			return { invited: { email: created.email, acceptUrl: created.acceptUrl } };
		});
	},
	revoke: async (event) =>
		handleForm(event, z.object({ invitationId: z.uuid() }), async ({ invitationId }) => {
			await revokeInvitation(contextOf(event), invitationId);
			return { revoked: true };
		})
};
