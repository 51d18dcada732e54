import type { Context } from '../context';
import { getCooperation, searchCooperations } from '../cooperations/service';
import { organisationKinds } from '../organisations/service';
import type { Consent } from './consents';

/**
 * What the consent form offers: the parties of the holder's cooperations (the only organisations a consent can
 * open anything to) and those already named in a consent, with their names.
 */
export async function organisationChoicesForConsent(
	ctx: Context,
	holderId: string,
	consents: readonly Consent[]
): Promise<{ id: string; name: string; kind: string }[]> {
	const { items } = await searchCooperations(ctx, { mine: true, limit: 50, offset: 0 });
	const choices = new Map<string, { id: string; name: string; kind: string }>();
	for (const c of items.filter((i) => i.status === 'active')) {
		const { parties } = await getCooperation(ctx, c.id);
		if (!parties.some((p) => p.organisationId === holderId)) continue;
		for (const p of parties)
			if (p.organisationId !== holderId)
				choices.set(p.organisationId, {
					id: p.organisationId,
					name: p.organisationName,
					kind: p.organisationKind
				});
	}
	const missing = [...new Set(consents.flatMap((c) => c.organisationIds))].filter((id) => !choices.has(id));
	for (const r of await organisationKinds(ctx, missing))
		choices.set(r.id, { id: r.id, name: r.name, kind: r.kind });
	return [...choices.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}
