import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Actor } from '../policy/actor';
import { actorWith } from '../testing/actors';
import { insertOrganisation, upsertMembership } from '../organisations/repository';

/** Test support (not used by the application): professionals of the Lot and the Gers, and a coordinator of the Lot. */
export const U = {
	ccasPro: '00000000-0000-4000-8000-00000000f001',
	ccasReader: '00000000-0000-4000-8000-00000000f002',
	gersPro: '00000000-0000-4000-8000-00000000f003',
	coordinator: '00000000-0000-4000-8000-00000000f004',
	cafPro: '00000000-0000-4000-8000-00000000f005'
} as const;
export type ForumProfile = keyof typeof U;

export async function forumsFixture(db: Db): Promise<{ ccas: string; actor: (who: ForumProfile) => Actor }> {
	for (const [key, id] of Object.entries(U))
		await db.execute(
			sql`insert into users (id, email, display_name) values (${id}, ${`${key}@example.fr`}, ${`Pro ${key}`})`
		);
	const org = (name: string, slug: string, kind: string, type: string, code: string) =>
		insertOrganisation(db, { name, slug, kind, territoryType: type, territoryCode: code }).then((o) => o.id);
	const ccas = await org('CCAS de Cahors', 'ccas-cahors-f', 'ccas', 'commune', '46042');
	const caf = await org('CAF du Lot', 'caf-lot-f', 'caf', 'departement', '46');
	const gers = await org('CCAS d’Auch', 'ccas-auch-f', 'ccas', 'departement', '32');
	await upsertMembership(db, U.ccasPro, ccas, 'member');
	await upsertMembership(db, U.ccasReader, ccas, 'reader');
	await upsertMembership(db, U.gersPro, gers, 'member');
	await upsertMembership(db, U.cafPro, caf, 'member');
	const cahors = { type: 'commune', code: '46042' } as const;
	const actor = (who: ForumProfile): Actor => {
		const base = {
			ccasPro: actorWith([{ organisationId: ccas, role: 'member', territory: cahors }]),
			ccasReader: actorWith([{ organisationId: ccas, role: 'reader', territory: cahors }]),
			gersPro: actorWith([
				{ organisationId: gers, role: 'member', territory: { type: 'departement', code: '32' } }
			]),
			coordinator: actorWith([], { coordinations: [{ type: 'departement', code: '46' }] }),
			cafPro: actorWith([
				{ organisationId: caf, role: 'member', territory: { type: 'departement', code: '46' } }
			])
		}[who];
		return { ...base, user: { ...base.user!, id: U[who], displayName: `Pro ${who}` } };
	};
	return { ccas, actor };
}
