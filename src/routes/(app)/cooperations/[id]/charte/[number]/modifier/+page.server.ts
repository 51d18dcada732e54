import { error, redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { readForm, routeId } from '$lib/server/http/forms';
import { charterAccess, getVersion, updateVersion } from '$lib/server/charters/service';
import { charterPatchSchema } from '$lib/server/charters/validation';
import { INFO_CATEGORIES, SECTION_KEYS, SHARING_SUBJECTS, formatFte } from '$lib/server/charters/content';
import { translator } from '$lib/i18n';
import { formValues, guard, patchFromForm, routeNumber, runCharterForm } from '../../charter-form';
import type { Actions, PageServerLoad } from './$types';

const amount = (v: string) => v.replace('.', ',');

/** The edit form of a draft or of a version in approval (a frozen version is never edited: 409). */
export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const id = routeId(event);
	const number = routeNumber(event);
	await guard(event, () => charterAccess(ctx, id, 'update'));
	const { access, version } = await guard(event, () => getVersion(ctx, id, number));
	if (version.status === 'frozen' || version.status === 'superseded')
		error(409, translator(event.locals.locale)('errors.charters.frozen'));
	const c = version.content;
	// the form's values, named as the API's fields
	const values: Record<string, string | string[]> = {
		title: c.title,
		startsOn: c.startsOn ?? '',
		endsOn: c.endsOn ?? '',
		reviewOn: c.reviewOn ?? '',
		'fund.ceilingPerRequest': amount(c.fund.ceilingPerRequest),
		'fund.ceilingPerYear': amount(c.fund.ceilingPerYear),
		'fund.quorum': String(c.fund.quorum ?? 1),
		'fund.approvers': c.fund.approvers.map((a) =>
			a.userId ? `${a.organisationId}:${a.userId}` : a.organisationId
		)
	};
	for (const k of SECTION_KEYS) values[`sections.${k}`] = c.sections[k] ?? '';
	for (const cat of INFO_CATEGORIES) values[`sharing.${cat}`] = c.sharing[cat] ?? [];
	// one commitments row per party, in the parties' order
	access.parties.forEach((p, i) => {
		const m = c.commitments.find((x) => x.organisationId === p.organisationId);
		values[`commitments.${i}.organisationId`] = p.organisationId;
		values[`commitments.${i}.amount`] = m ? amount(m.amount) : '0';
		values[`commitments.${i}.fte`] = m ? formatFte(m.fte) : '0';
		values[`commitments.${i}.premises`] = m?.premises ?? '';
		values[`commitments.${i}.data`] = m?.data ?? '';
	});
	c.risks.forEach((r, i) => {
		values[`risks.${i}.risk`] = r.risk;
		values[`risks.${i}.organisationId`] = r.organisationId;
		values[`risks.${i}.mitigation`] = r.mitigation;
	});
	return {
		cooperation: { id, name: access.cooperation.name },
		version: { number: version.number, status: version.status },
		parties: access.parties.map((p) => ({
			organisationId: p.organisationId,
			organisationName: p.organisationName,
			signatories: p.signatories
		})),
		riskRows: c.risks.length + 1,
		sections: [...SECTION_KEYS],
		categories: [...INFO_CATEGORIES],
		subjects: [...SHARING_SUBJECTS],
		values,
		created: event.url.searchParams.get('fait') === 'created'
	};
};

export const actions: Actions = {
	default: async (event) => {
		const id = routeId(event);
		const number = routeNumber(event);
		const values = formValues(await readForm(event));
		const result = await runCharterForm(event, charterPatchSchema, patchFromForm(values), values, (input) =>
			updateVersion(contextOf(event), id, number, input)
		);
		if ('content' in result) redirect(303, `/cooperations/${id}/charte/${number}?fait=updated`);
		return result;
	}
};
