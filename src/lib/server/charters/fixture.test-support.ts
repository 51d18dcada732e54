import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Context } from '../context';
import { actorWith } from '../testing/actors';
import type { Actor, Role } from '../policy/actor';
import { insertOrganisation, upsertMembership } from '../organisations/repository';
import { createCooperation } from '../cooperations/service';

/** Test support (not used by the application): a cooperation of three parties, each with one signatory. */
export const U = {
	deptSign: '00000000-0000-4000-8000-0000000000a1',
	ddetsSign: '00000000-0000-4000-8000-0000000000a2',
	cafSign: '00000000-0000-4000-8000-0000000000a3',
	deptMember: '00000000-0000-4000-8000-0000000000a4',
	cafReader: '00000000-0000-4000-8000-0000000000a5',
	stranger: '00000000-0000-4000-8000-0000000000a6',
	admin: '00000000-0000-4000-8000-0000000000a7',
	coordinator: '00000000-0000-4000-8000-0000000000a8'
};

export interface CharterFixture {
	dept: string;
	ddets: string;
	caf: string;
	other: string;
	cooperationId: string;
	ctx: (who: keyof typeof U) => Context;
}

export async function charterFixture(db: Db): Promise<CharterFixture> {
	for (const [key, id] of Object.entries(U))
		await db.execute(
			sql`insert into users (id, email, display_name) values (${id}, ${`${key}@example.fr`}, ${`Personne ${key}`})
			    on conflict do nothing`
		);
	const org = (name: string, slug: string) =>
		insertOrganisation(db, {
			name,
			slug,
			kind: 'autre',
			territoryType: 'departement',
			territoryCode: '46'
		}).then((o) => o.id);
	const dept = await org('Département du Lot', 'dept-46');
	const ddets = await org('DDETS du Lot', 'ddets-46');
	const caf = await org('CAF du Lot', 'caf-46');
	const other = await org('Association du Gers', 'asso-32');
	const memberships: [string, string, Role][] = [
		[U.deptSign, dept, 'admin'],
		[U.ddetsSign, ddets, 'member'],
		[U.cafSign, caf, 'member'],
		[U.deptMember, dept, 'member'],
		[U.cafReader, caf, 'reader'],
		[U.stranger, other, 'admin']
	];
	for (const [u, o, r] of memberships) await upsertMembership(db, u, o, r);
	const actorOf = (who: keyof typeof U): Actor => {
		if (who === 'admin') return actorWith([], { instanceAdmin: true, id: U.admin });
		if (who === 'coordinator')
			return actorWith([], { id: U.coordinator, coordinations: [{ type: 'departement', code: '46' }] });
		return actorWith(
			memberships.filter(([u]) => u === U[who]).map(([, organisationId, role]) => ({ organisationId, role })),
			{ id: U[who] }
		);
	};
	const ctx = (who: keyof typeof U): Context => ({ db, actor: actorOf(who) });
	const cooperation = await createCooperation(ctx('coordinator'), {
		name: 'Réseau violences intrafamiliales du Lot (test)',
		description: '',
		themes: [],
		territoryType: 'departement',
		territoryCode: '46',
		parties: [
			{ organisationId: dept, role: 'pilote', signatoryUserIds: [U.deptSign] },
			{ organisationId: ddets, role: 'co-pilote', signatoryUserIds: [U.ddetsSign] },
			{ organisationId: caf, role: 'contributeur', signatoryUserIds: [U.cafSign] }
		]
	});
	return { dept, ddets, caf, other, cooperationId: cooperation.id, ctx };
}
