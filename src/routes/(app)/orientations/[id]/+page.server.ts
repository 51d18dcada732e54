import { redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { handleForm, routeId } from '$lib/server/http/forms';
import { abandon, accept, complete, getReferral, refuse, start } from '$lib/server/pathways/referrals';
import { acceptSchema, outcomeSchema, refusalSchema } from '$lib/server/pathways/referrals-validation';
import { translator } from '$lib/i18n';
import { guard } from '../../annuaire/guard';
import type { Actions, PageServerLoad } from './$types';

/** One referral: the person under the sharing rule, its history and the answers the viewer may give. */
export const load: PageServerLoad = async (event) => {
	const id = routeId(event);
	const ctx = contextOf(event);
	const d = await guard(event, () => getReferral(ctx, id));
	const t = translator(event.locals.locale);
	const text = (s: { visible: true; value: string | null } | { visible: false; reason: string }) =>
		s.visible ? s.value : t(`persons.hidden.${s.reason}`);
	return {
		id,
		version: d.referral.version,
		status: d.referral.status,
		refusalReason: d.referral.refusalReason,
		respondBy: d.referral.respondBy,
		overdue: d.overdue,
		serviceName: d.serviceName,
		fromOrganisationName: d.fromOrganisationName,
		toOrganisationName: d.toOrganisationName,
		person:
			d.person.visible && d.person.value ? `${d.person.value.firstName} ${d.person.value.lastName}` : null,
		personHidden: d.person.visible ? null : t(`persons.hidden.${d.person.reason}`),
		personId: d.side.sending ? d.referral.personId : null,
		message: text(d.message),
		outcome: text(d.outcome),
		acceptedByName: d.acceptedByName,
		events: d.events,
		can: d.can,
		side: d.side,
		done: event.url.searchParams.has('fait'),
		created: event.url.searchParams.has('envoyee')
	};
};

/** Runs an answer; on success back to the referral (PRG), on a known error the form with its message. */
async function answer<S extends Parameters<typeof handleForm>[1]>(
	event: Parameters<Actions[string]>[0],
	schema: S,
	run: (id: string, input: never) => Promise<unknown>
) {
	const id = routeId(event);
	const result = await handleForm(event, schema, async (input) => {
		await run(id, input as never);
		return { ok: true as const };
	});
	if (result && 'ok' in result) redirect(303, `/orientations/${id}?fait=1`);
	return result;
}

export const actions: Actions = {
	accept: (event) => answer(event, acceptSchema, (id, input) => accept(contextOf(event), id, input)),
	refuse: (event) =>
		answer(event, refusalSchema.and(acceptSchema), (id, input) => refuse(contextOf(event), id, input)),
	start: (event) => answer(event, acceptSchema, (id, input) => start(contextOf(event), id, input)),
	complete: (event) => answer(event, outcomeSchema, (id, input) => complete(contextOf(event), id, input)),
	abandon: (event) => answer(event, outcomeSchema, (id, input) => abandon(contextOf(event), id, input))
};
