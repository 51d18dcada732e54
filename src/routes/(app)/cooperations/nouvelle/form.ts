import type { RequestEvent } from '@sveltejs/kit';
import { CATEGORIES, THEMATIQUES, categoryOf } from '$lib/server/directory/codes';
import { listOrganisations } from '$lib/server/organisations/service';
import { resolveSignatoryEmails } from '$lib/server/cooperations/changes';
import type { Context } from '$lib/server/context';
import type { FieldIssue } from '$lib/server/errors';
import { translateIssues } from '$lib/server/http/forms';

/** How the cooperation forms read and show their fields, without JavaScript (plain controls, full re-render). */

export const MIN_PARTY_ROWS = 3;
export const MAX_PARTY_ROWS = 40;

export type FormValues = Record<string, string | string[]>;

/** data·inclusion thématiques grouped by category, labels from the codes.* catalogue. */
export const themeGroups = () =>
	CATEGORIES.map((category) => ({
		category,
		thematiques: THEMATIQUES.filter((t) => categoryOf(t) === category) as string[]
	}));

export async function organisationChoices(ctx: Context) {
	const { items } = await listOrganisations(ctx, { limit: 1000, offset: 0 });
	return items.map((o) => ({ id: o.id, name: o.name })).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/** Text fields as typed, the theme checkboxes as a list. */
export function valuesOf(form: FormData): FormValues {
	const values: FormValues = {};
	for (const [k, v] of form.entries()) if (typeof v === 'string' && k !== 'themes') values[k] = v;
	values.themes = form.getAll('themes').filter((v): v is string => typeof v === 'string');
	return values;
}

export const splitEmails = (s: string | undefined) =>
	(s ?? '')
		.split(/[\s,;]+/)
		.map((e) => e.trim())
		.filter(Boolean);

/** The party rows of the creation form: those with an organisation, their typed addresses resolved to accounts. */
export async function partiesOf(ctx: Context, values: FormValues, rows: number) {
	const parties: { organisationId: string; role: string; signatoryUserIds: string[] }[] = [];
	/** index in `parties` → row number in the form, to put messages back on the right row */
	const rowOf: number[] = [];
	const issues: FieldIssue[] = [];
	for (let i = 0; i < rows; i++) {
		const organisationId = String(values[`parties.${i}.organisationId`] ?? '');
		if (!organisationId) continue;
		const emails = splitEmails(values[`parties.${i}.signatories`] as string | undefined);
		const resolved = /^[0-9a-f-]{36}$/i.test(organisationId)
			? await resolveSignatoryEmails(ctx, organisationId, emails, `parties.${i}.signatories`)
			: { userIds: [], issues: [] };
		issues.push(...resolved.issues);
		rowOf.push(i);
		parties.push({
			organisationId,
			role: String(values[`parties.${i}.role`] ?? ''),
			signatoryUserIds: resolved.userIds
		});
	}
	return { parties, rowOf, issues };
}

/** Field messages, party issues put back on their form row (« parties.2.signatoryUserIds.0 » → row's addresses). */
export function formErrors(event: RequestEvent, issues: FieldIssue[], rowOf: number[] = []) {
	return translateIssues(
		event,
		issues.map((i) => {
			const m = /^parties\.(\d+)\.(\w+)/.exec(i.field);
			if (!m) {
				const top = i.field.split('.')[0]!;
				return { ...i, field: top === 'signatoryUserIds' ? 'signatories' : top };
			}
			const row = rowOf[Number(m[1])] ?? Number(m[1]);
			const field = m[2] === 'signatoryUserIds' ? 'signatories' : m[2];
			return { ...i, field: `parties.${row}.${field}` };
		})
	);
}
