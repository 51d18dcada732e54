import { error, isActionFailure, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { contextOf } from '$lib/server/api/operation';
import { readForm } from '$lib/server/http/forms';
import {
	getPathwaySettings,
	handleFlag,
	listFlags,
	updatePathwaySettings
} from '$lib/server/pathways/ping-pong-flags';
import { handleFlagSchema, pathwaySettingsInputSchema } from '$lib/server/pathways/ping-pong-validation';
import { guard, runForm } from '../../annuaire/guard';
import type { Actions, PageServerLoad } from './$types';

/** Coordinators' ping-pong alerts: open flags with their chain, « Ce qui a été fait », detection settings. */
export const load: PageServerLoad = async (event) => {
	const ctx = contextOf(event);
	const { flags } = await guard(event, () => listFlags(ctx));
	const cooperationIds = [...new Set(flags.flatMap((f) => (f.cooperationId ? [f.cooperationId] : [])))];
	const settings = await guard(event, () =>
		Promise.all(
			cooperationIds.map(async (id) => ({
				...(await getPathwaySettings(ctx, id)),
				name: flags.find((f) => f.cooperationId === id)?.cooperationName ?? ''
			}))
		)
	);
	return {
		open: flags.filter((f) => f.status === 'open'),
		handled: flags.filter((f) => f.status === 'handled').slice(0, 20),
		settings: settings.filter((s) => s.canManage),
		done: event.url.searchParams.get('fait')
	};
};

const idSchema = z.uuid();

/** The flag or cooperation a form names: an id that is not one is a 404 like an unknown one, never a 500. */
function idFrom(value: FormDataEntryValue | null): string {
	const parsed = idSchema.safeParse(value);
	if (!parsed.success) error(404, 'Introuvable');
	return parsed.data;
}

export const actions: Actions = {
	handle: async (event) => {
		const form = await readForm(event);
		const flagId = idFrom(form.get('flagId'));
		const values = { flagId, handling: String(form.get('handling') ?? '') };
		const result = await runForm(event, handleFlagSchema, values, values, (input) =>
			handleFlag(contextOf(event), flagId, input)
		);
		if (isActionFailure(result)) return result;
		redirect(303, '/orientations/alertes?fait=handled');
	},
	settings: async (event) => {
		const form = await readForm(event);
		const cooperationId = idFrom(form.get('cooperationId'));
		const values = {
			cooperationId,
			threshold: String(form.get('threshold') ?? ''),
			windowDays: String(form.get('windowDays') ?? '')
		};
		const result = await runForm(event, pathwaySettingsInputSchema, values, values, (input) =>
			updatePathwaySettings(contextOf(event), cooperationId, input)
		);
		if (isActionFailure(result)) return result;
		redirect(303, '/orientations/alertes?fait=settings');
	}
};
