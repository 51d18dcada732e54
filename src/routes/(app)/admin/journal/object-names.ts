import type { Context } from '$lib/server/context';
import { getService, getStructure } from '$lib/server/directory/service';
import { getOrganisation } from '$lib/server/organisations/service';
import { getZone } from '$lib/server/territories/service';

/**
 * The names of the objects of an audit page, asked of the domain that owns each kind ("service:…" → its
 * name). An object since deleted, or one this person may not read, has no name: the page says so.
 */
const readers: Record<string, (ctx: Context, id: string) => Promise<string>> = {
	service: async (ctx, id) => (await getService(ctx, id)).service.name,
	structure: async (ctx, id) => (await getStructure(ctx, id)).structure.name,
	organisation: async (ctx, id) => (await getOrganisation(ctx, id)).name,
	zone: async (ctx, id) => (await getZone(ctx, id)).name
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function objectNames(
	ctx: Context,
	events: { objectType: string; objectId: string | null }[]
): Promise<Record<string, string | null>> {
	const keys = [
		...new Set(
			events
				.filter((e) => e.objectId && readers[e.objectType] && UUID.test(e.objectId))
				.map((e) => `${e.objectType}:${e.objectId}`)
		)
	];
	const names: Record<string, string | null> = {};
	await Promise.all(
		keys.map(async (key) => {
			const [type, id] = key.split(':') as [string, string];
			names[key] = await readers[type]!(ctx, id).catch(() => null);
		})
	);
	return names;
}
