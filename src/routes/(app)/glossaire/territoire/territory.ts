import type { RequestEvent } from '@sveltejs/kit';
import {
	territoryCodeSchema,
	territoryTypeSchema,
	type GlossaryTerritoryType
} from '$lib/server/glossary/validation';

/** The territory of the glossary pages (?niveau=departement&code=46); by default the actor's first coordination. */
export function territoryOf(
	event: RequestEvent,
	values: URLSearchParams | Record<string, string> = event.url.searchParams
): { type: GlossaryTerritoryType; code: string } | null {
	const get = (k: string) => (values instanceof URLSearchParams ? values.get(k) : values[k]) ?? '';
	const own = event.locals.actor.coordinations.find((c) => c.type !== 'zone');
	const type = territoryTypeSchema.safeParse(get('niveau') || own?.type || 'departement');
	const code = territoryCodeSchema.safeParse(get('code') || own?.code || '46');
	return type.success && code.success ? { type: type.data, code: code.data } : null;
}

export { listHref, termHref } from './links';
