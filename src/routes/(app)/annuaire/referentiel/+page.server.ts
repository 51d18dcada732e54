import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { contextOf } from '$lib/server/api/operation';
import {
	attachService,
	attachableServices,
	canEditReferential,
	createNode,
	deleteNode,
	departementCodeSchema,
	detachService,
	getNode,
	referentialTree,
	updateNode,
	type TreeNode
} from '$lib/server/directory/referential';
import { ValidationError } from '$lib/server/errors';
import { problemOf } from '$lib/server/http/errors';
import { readForm } from '$lib/server/http/forms';
import { forbiddenCharacterIssues, multiLine, singleLine } from '$lib/server/validation';
import { translator } from '$lib/i18n';
import { guard, topLevelErrors } from '../guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const t = translator(event.locals.locale);
	const departement = departementCodeSchema.safeParse(event.url.searchParams.get('departement') ?? '46');
	if (!departement.success) error(404, t('errors.notFound'));
	const code = departement.data;
	const ctx = contextOf(event);
	const tree = await guard(event, () => referentialTree(ctx, code));
	const canEdit = await canEditReferential(ctx, code);
	const q = event.url.searchParams.get('q')?.slice(0, 100) ?? '';
	const toDelete = z.uuid().safeParse(event.url.searchParams.get('supprimer'));
	const actions: { id: string; label: string }[] = [];
	for (const p of tree)
		for (const m of p.children)
			for (const a of m.children) actions.push({ id: a.id, label: `${p.name} › ${m.name} › ${a.name}` });
	return {
		departement: code,
		tree,
		canEdit,
		q,
		actions,
		services: canEdit ? await guard(event, () => attachableServices(ctx, code, q)) : [],
		confirm:
			canEdit && toDelete.success
				? await guard(event, () => getNode(ctx, toDelete.data)).then((n) => ({
						id: n.id,
						name: n.name,
						childCount: n.childCount
					}))
				: null,
		done: event.url.searchParams.get('fait')
	};
};

/** After a change, back to the tree (no re-post on reload), at the node concerned. */
const back = (departement: string | undefined, done: string, anchor?: string) =>
	redirect(
		303,
		`/annuaire/referentiel?departement=${encodeURIComponent(departement ?? '46')}&fait=${done}${anchor ? `#noeud-${anchor}` : ''}`
	);

/** Runs one tree change from a plain form; errors come back to the form identified by formId. */
async function change(
	event: RequestEvent,
	run: (form: Record<string, string>) => Promise<{ done: string; anchor?: string }>
) {
	const data = await readForm(event);
	const form = Object.fromEntries(
		[...data.entries()].filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, String(v).trim()])
	);
	let result: { done: string; anchor?: string };
	try {
		const forbidden = forbiddenCharacterIssues(form);
		if (forbidden.length) throw new ValidationError(forbidden);
		result = await run(form);
	} catch (e) {
		if (e instanceof ValidationError) {
			if (e.issues[0]?.field === 'confirm' && form.id)
				redirect(
					303,
					`/annuaire/referentiel?departement=${encodeURIComponent(form.departement ?? '46')}&supprimer=${form.id}#confirmation`
				);
			return fail(400, { formId: form.formId, values: form, errors: topLevelErrors(event, e.issues) });
		}
		if (e instanceof z.ZodError)
			return fail(400, {
				formId: form.formId,
				values: form,
				errors: topLevelErrors(
					event,
					e.issues.map((i) => ({ field: i.path.map(String).join('.') || '_', message: i.message }))
				)
			});
		const problem = problemOf(e);
		if (!problem) throw e;
		error(problem.status, translator(event.locals.locale)(problem.messageKey));
	}
	back(form.departement, result.done, result.anchor);
}

const uuid = (v: string | undefined) => z.uuid('id.invalid').parse(v);

export const actions: Actions = {
	create: (event) =>
		change(event, async (f) => {
			const input = z
				.object({
					departementCode: departementCodeSchema,
					parentId: z.uuid().nullable(),
					name: singleLine().min(2, 'referential.nameTooShort').max(200, 'referential.nameTooLong'),
					description: multiLine().max(2000, 'text.tooLong').default('')
				})
				.parse({
					departementCode: f.departement,
					parentId: f.parentId || null,
					name: f.name,
					description: f.description ?? ''
				});
			const node = await createNode(contextOf(event), input);
			return { done: 'create', anchor: node.id };
		}),
	update: (event) =>
		change(event, async (f) => {
			const patch = z
				.object({
					name: singleLine().min(2, 'referential.nameTooShort').max(200, 'referential.nameTooLong'),
					description: multiLine().max(2000, 'text.tooLong').default('')
				})
				.parse({ name: f.name, description: f.description ?? '' });
			await updateNode(contextOf(event), uuid(f.id), patch);
			return { done: 'update', anchor: f.id };
		}),
	move: (event) =>
		change(event, async (f) => {
			await updateNode(contextOf(event), uuid(f.id), { move: f.direction === 'up' ? 'up' : 'down' });
			return { done: 'move', anchor: f.id };
		}),
	delete: (event) =>
		change(event, async (f) => {
			await deleteNode(contextOf(event), uuid(f.id), { confirm: f.confirm === 'oui' });
			return { done: 'delete' };
		}),
	attach: (event) =>
		change(event, async (f) => {
			const actionId = z.uuid('referential.chooseAction').parse(f.actionId);
			const serviceId = z.uuid('referential.chooseService').parse(f.serviceId);
			await attachService(contextOf(event), actionId, serviceId);
			return { done: 'attach', anchor: actionId };
		}),
	detach: (event) =>
		change(event, async (f) => {
			await detachService(contextOf(event), uuid(f.actionId), uuid(f.serviceId));
			return { done: 'detach', anchor: f.actionId };
		})
};

export type { TreeNode };
