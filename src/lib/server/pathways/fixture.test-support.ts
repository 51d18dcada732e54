import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Context } from '../context';
import { actorWith } from '../testing/actors';
import type { Actor, Role } from '../policy/actor';
import { insertOrganisation, upsertMembership } from '../organisations/repository';
import { createCooperation } from '../cooperations/service';
import { createService, createStructure } from '../directory/service';
import { serviceInputSchema } from '../directory/validation';
import { emptyContent, type InfoCategory } from '../charters/content';
import { duplicateKey, nameTokens, seal } from '../crypto/fields';
import * as repo from './repository';

/**
 * Test support (not used by the application): the profiles of issue 11's authorization matrix around one
 * cooperation whose frozen charter shares identity, contact, situation and needs with every party, finances with
 * contributors (the CAF) and violence with the facilitator (the association); health, justice and children with
 * nobody. Needs a test database with territories (communes of the Lot and the Gers).
 */
export const P = {
	ccasPro: '00000000-0000-4000-8000-00000000b001',
	ccasAdmin: '00000000-0000-4000-8000-00000000b002',
	ccasReader: '00000000-0000-4000-8000-00000000b003',
	cafPro: '00000000-0000-4000-8000-00000000b004',
	assoPro: '00000000-0000-4000-8000-00000000b005',
	/** member of the gendarmerie: party of another cooperation, not of the CCAS's one */
	gendPro: '00000000-0000-4000-8000-00000000b006',
	/** member of a CCAS of the Gers: another territory */
	gersPro: '00000000-0000-4000-8000-00000000b007',
	coordinator: '00000000-0000-4000-8000-00000000b008',
	instanceAdmin: '00000000-0000-4000-8000-00000000b009',
	assoPro2: '00000000-0000-4000-8000-00000000b010'
} as const;
export type Profile = keyof typeof P;

export interface PathwaysFixture {
	ccas: string;
	caf: string;
	asso: string;
	gend: string;
	gers: string;
	cooperationId: string;
	otherCooperationId: string;
	/** a service of the association, in Cahors, that receives referrals */
	assoServiceId: string;
	/** a service of the CAF */
	cafServiceId: string;
	ctx: (who: Profile, now?: () => Date) => Context;
	actor: (who: Profile) => Actor;
}

const CAHORS = '46042';

export async function pathwaysFixture(db: Db): Promise<PathwaysFixture> {
	for (const [key, id] of Object.entries(P))
		await db.execute(
			sql`insert into users (id, email, display_name) values (${id}, ${`${key}@example.fr`}, ${`Pro ${key}`})
			    on conflict do nothing`
		);
	const org = (name: string, slug: string, kind: string, code = '46') =>
		insertOrganisation(db, { name, slug, kind, territoryType: 'departement', territoryCode: code }).then(
			(o) => o.id
		);
	const ccas = await org('CCAS de Cahors', 'ccas-cahors-t', 'ccas');
	const caf = await org('CAF du Lot', 'caf-lot-t', 'caf');
	const asso = await org('Écoute Violences Lot', 'ecoute-t', 'association');
	const gend = await org('Gendarmerie du Lot', 'gend-t', 'gendarmerie');
	const gers = await org('CCAS d’Auch', 'ccas-auch-t', 'ccas', '32');
	const memberships: [string, string, Role][] = [
		[P.ccasPro, ccas, 'member'],
		[P.ccasAdmin, ccas, 'admin'],
		[P.ccasReader, ccas, 'reader'],
		[P.cafPro, caf, 'member'],
		[P.assoPro, asso, 'member'],
		[P.assoPro2, asso, 'member'],
		[P.gendPro, gend, 'member'],
		[P.gersPro, gers, 'member']
	];
	for (const [u, o, r] of memberships) await upsertMembership(db, u, o, r);
	const actor = (who: Profile): Actor => {
		if (who === 'instanceAdmin') return actorWith([], { instanceAdmin: true, id: P.instanceAdmin });
		if (who === 'coordinator')
			return actorWith([], { id: P.coordinator, coordinations: [{ type: 'departement', code: '46' }] });
		return actorWith(
			memberships.filter(([u]) => u === P[who]).map(([, organisationId, role]) => ({ organisationId, role })),
			{ id: P[who] }
		);
	};
	const ctx = (who: Profile, now?: () => Date): Context => ({ db, actor: actor(who), now });
	const coordinator = ctx('coordinator');
	const cooperation = await createCooperation(coordinator, {
		name: 'Réseau VIF du Grand Cahors (test)',
		description: '',
		themes: [],
		territoryType: 'departement',
		territoryCode: '46',
		parties: [
			{ organisationId: ccas, role: 'pilote', signatoryUserIds: [P.ccasAdmin] },
			{ organisationId: caf, role: 'contributeur', signatoryUserIds: [P.cafPro] },
			{ organisationId: asso, role: 'facilitateur', signatoryUserIds: [P.assoPro] }
		]
	});
	const other = await createCooperation(coordinator, {
		name: 'Prévention de la délinquance (test)',
		description: '',
		themes: [],
		territoryType: 'departement',
		territoryCode: '46',
		parties: [
			{ organisationId: gend, role: 'pilote', signatoryUserIds: [P.gendPro] },
			{ organisationId: caf, role: 'contributeur', signatoryUserIds: [P.cafPro] }
		]
	});
	const content = emptyContent('Charte de test');
	const all = ['pilote', 'co-pilote', 'facilitateur', 'contributeur'] as const;
	content.sharing = {
		identity: [...all],
		contact: [...all],
		situation: [...all],
		needs: [...all],
		finances: ['contributeur'],
		violence: ['facilitateur'],
		health: [],
		justice: [],
		children: []
	};
	content.fund = { approvers: [], ceilingPerRequest: '500.00', ceilingPerYear: '5000.00' };
	await freezeCharter(db, cooperation.id, content);
	const admin = ctx('instanceAdmin');
	const structure = (organisationId: string, name: string) =>
		createStructure(admin, { name, description: '', organisationId, communeCode: CAHORS, networks: [] }).then(
			(s) => s.id
		);
	const service = async (structureId: string, name: string) =>
		(
			await createService(
				admin,
				serviceInputSchema.parse({
					structureId,
					name,
					description: 'Accueil, écoute et accompagnement des personnes orientées par les partenaires.',
					thematiques: ['famille--surmonter-conflits-separation-violence'],
					publics: ['femmes'],
					communeCode: CAHORS
				})
			)
		).id;
	const assoServiceId = await service(
		await structure(asso, 'Écoute Violences — Cahors'),
		'Accompagnement des victimes'
	);
	const cafServiceId = await service(await structure(caf, 'CAF — accueil de Cahors'), 'Accueil allocataires');
	return {
		ccas,
		caf,
		asso,
		gend,
		gers,
		cooperationId: cooperation.id,
		otherCooperationId: other.id,
		assoServiceId,
		cafServiceId,
		ctx,
		actor
	};
}

/** A frozen charter version written directly (the charter workflow is tested in charters/). */
export async function freezeCharter(db: Db, cooperationId: string, content: ReturnType<typeof emptyContent>) {
	await db.execute(
		sql`insert into charter_versions (cooperation_id, number, status, content, content_hash, frozen_at)
		    values (${cooperationId}, 1, 'frozen', ${JSON.stringify(content)}::jsonb, 'test', now())`
	);
}

/**
 * A new charter version in force with this fund part (the frozen one is superseded, as an amendment does): the
 * approvers, ceilings and quorum of the advance fund.
 */
export async function setCharterFund(db: Db, cooperationId: string, fund: Record<string, unknown>) {
	await db.execute(sql`
		with old as (
			update charter_versions set status = 'superseded'
			where cooperation_id = ${cooperationId} and status = 'frozen'
			returning number, content
		)
		insert into charter_versions (cooperation_id, number, status, content, content_hash, frozen_at)
		select ${cooperationId}, number + 1, 'frozen', jsonb_set(content, '{fund}', ${JSON.stringify(fund)}::jsonb), 'test', now()
		from old`);
}

export interface SeedPerson {
	holder: string;
	createdBy?: string;
	firstName: string;
	lastName: string;
	birthDate?: string | null;
	phone?: string;
	situation?: string;
	communeCode?: string;
	consents?: {
		organisationIds?: string[];
		organisationKinds?: string[];
		categories: InfoCategory[];
		givenOn?: string;
		expiresOn?: string | null;
		withdrawnAt?: Date | null;
	}[];
}

/** Writes a person (sealed as the application does) and their consents, without the service's checks. */
export async function seedPerson(db: Db, input: SeedPerson) {
	const id = crypto.randomUUID();
	const person = await repo.insertPerson(db, {
		id,
		organisationId: input.holder,
		identitySealed: seal(
			{ firstName: input.firstName, lastName: input.lastName, birthDate: input.birthDate ?? null },
			id
		),
		contactSealed: seal({ phone: input.phone ?? '06 12 34 56 78' }, id),
		situationSealed: input.situation ? seal(input.situation, id) : null,
		nameTokens: nameTokens([input.firstName, input.lastName]),
		duplicateKey: duplicateKey(input.firstName, input.lastName, input.birthDate ?? null),
		communeCode: input.communeCode ?? CAHORS,
		preferredLanguage: 'fr',
		createdBy: input.createdBy ?? null,
		referentUserId: input.createdBy ?? null,
		referentOrganisationId: input.createdBy ? input.holder : null
	});
	for (const c of input.consents ?? [])
		await repo.insertConsent(db, {
			personId: id,
			organisationIds: c.organisationIds ?? [],
			organisationKinds: c.organisationKinds ?? [],
			categories: c.categories,
			purposeSealed: seal('Accompagnement coordonné', id),
			givenOn: c.givenOn ?? '2026-01-05',
			expiresOn: c.expiresOn ?? null,
			collectedHow: 'written',
			withdrawnAt: c.withdrawnAt ?? null
		});
	return person;
}
