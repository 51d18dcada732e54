import { redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { readForm, routeId } from '$lib/server/http/forms';
import { decide, getVersion, submitVersion } from '$lib/server/charters/service';
import { changesSinceApprovals, namesOf } from '$lib/server/charters/queries';
import { approvalInputSchema } from '$lib/server/charters/validation';
import {
	SECTION_KEYS,
	INFO_CATEGORIES,
	SHARING_SUBJECTS,
	sanitizeSection,
	sumDecimals,
	formatEuros,
	formatFte
} from '$lib/server/charters/content';
import { can } from '$lib/server/policy/policy';
import { markupGlossary } from '$lib/server/glossary/service';
import { z } from 'zod';
import { guard, routeNumber, runCharterForm } from '../charter-form';
import type { Actions, PageServerLoad } from './$types';

const DONE = ['created', 'updated', 'submitted', 'approved', 'changes_requested', 'frozen'] as const;

/** A version: its content, each party's answer, the history, what changed since each approval, and the forms. */
export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const id = routeId(event);
	const number = routeNumber(event);
	const { access, version, approvals, parties } = await guard(event, () => getVersion(ctx, id, number));
	const { names, people } = namesOf(access);
	const c = version.content;
	const done = event.url.searchParams.get('fait');
	return {
		cooperation: { id, name: access.cooperation.name },
		version: {
			number: version.number,
			status: version.status,
			title: c.title,
			contentHash: version.contentHash,
			frozenAt: version.frozenAt,
			updatedAt: version.updatedAt
		},
		// sanitised when written; sanitised again here so that nothing else ever reaches {@html}
		// …then the glossary marks the terms up (rendered by GlossaryHtml)
		sections: await Promise.all(
			SECTION_KEYS.map(async (key) => ({
				key,
				html: await markupGlossary(
					ctx,
					{ type: access.cooperation.territoryType as never, code: access.cooperation.territoryCode },
					sanitizeSection(c.sections[key] ?? ''),
					`gl-${key}`
				)
			}))
		),
		commitments: c.commitments.map((m) => ({
			party: names.get(m.organisationId) ?? '—',
			amount: formatEuros(m.amount),
			fte: formatFte(m.fte),
			premises: m.premises,
			data: m.data
		})),
		total: formatEuros(sumDecimals(c.commitments.map((m) => m.amount))),
		risks: c.risks.map((r) => ({ ...r, party: names.get(r.organisationId) ?? '—' })),
		sharing: INFO_CATEGORIES.map((category) => ({
			category,
			allowed: SHARING_SUBJECTS.map((s) => c.sharing[category]?.includes(s) ?? false)
		})),
		subjects: [...SHARING_SUBJECTS],
		fund: {
			approvers: c.fund.approvers.map((a) => ({
				party: names.get(a.organisationId) ?? '—',
				person: a.userId ? (people.get(a.userId) ?? null) : null
			})),
			ceilingPerRequest: formatEuros(c.fund.ceilingPerRequest),
			ceilingPerYear: formatEuros(c.fund.ceilingPerYear),
			quorum: c.fund.quorum ?? 1
		},
		dates: { startsOn: c.startsOn, endsOn: c.endsOn, reviewOn: c.reviewOn },
		parties,
		history: approvals.map((a) => ({
			id: a.id,
			party: names.get(a.organisationId) ?? '—',
			decision: a.decision,
			by: a.userName,
			at: a.createdAt,
			reason: a.reason,
			invalidatedAt: a.invalidatedAt
		})),
		changes: changesSinceApprovals(access, c, approvals),
		canEdit:
			(version.status === 'draft' || version.status === 'in_approval') &&
			can(ctx.actor, 'update', 'charter', access.target),
		signatoryFor:
			version.status === 'in_approval'
				? parties.filter((p) => access.signatoryFor.includes(p.organisationId))
				: [],
		done: DONE.find((d) => d === done) ?? null
	};
};

const submitSchema = z.object({});

export const actions: Actions = {
	submit: async (event) => {
		const id = routeId(event);
		const number = routeNumber(event);
		await readForm(event);
		const result = await runCharterForm(event, submitSchema, {}, {}, () =>
			submitVersion(contextOf(event), id, number).then(() => ({ ok: true as const }))
		);
		if ('ok' in result) redirect(303, `/cooperations/${id}/charte/${number}?fait=submitted`);
		return result;
	},
	decide: async (event) => {
		const id = routeId(event);
		const number = routeNumber(event);
		const form = await readForm(event);
		const raw = {
			organisationId: form.get('organisationId'),
			decision: form.get('decision'),
			reason: form.get('reason') ?? ''
		};
		const result = await runCharterForm(event, approvalInputSchema, raw, raw, (input) =>
			decide(contextOf(event), id, number, input)
		);
		if ('frozen' in result)
			redirect(
				303,
				`/cooperations/${id}/charte/${number}?fait=${result.frozen ? 'frozen' : String(raw.decision)}`
			);
		return result;
	}
};
