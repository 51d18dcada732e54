import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import type { TerritoryType } from '../policy/actor';

export interface LocatedService {
	id: string;
	name: string;
	thematiques: string[];
	structureId: string;
	structureName: string;
	organisationId: string | null;
	organisationName: string | null;
}

/** communes column that holds the code of a territory of this type */
const COLUMN: Record<TerritoryType, string> = {
	commune: 'code',
	epci: 'epci_code',
	departement: 'departement_code',
	region: 'region_code'
};

/** Services located in a territory: their own commune, else their structure's. */
export async function servicesIn(db: Db, type: TerritoryType, code: string): Promise<LocatedService[]> {
	return rows<LocatedService>(
		db,
		sql`select s.id, s.name, s.thematiques, st.id as "structureId", st.name as "structureName",
				o.id as "organisationId", o.name as "organisationName"
			from services s
			join structures st on st.id = s.structure_id
			left join organisations o on o.id = st.organisation_id
			join communes c on c.code = coalesce(s.commune_code, st.commune_code)
			where c.${sql.identifier(COLUMN[type])} = ${code}
			order by s.name`
	);
}

/** Missions of the referential whose actions carry these services. */
export async function missionsOf(db: Db, serviceIds: string[]) {
	if (serviceIds.length === 0) return [];
	return rows<{
		serviceId: string;
		missionId: string;
		missionName: string;
		politiqueName: string;
		position: number;
		politiquePosition: number;
	}>(
		db,
		sql`select distinct a.service_id as "serviceId", m.id as "missionId", m.name as "missionName",
				p.name as "politiqueName", m.position, p.position as "politiquePosition"
			from action_services a
			join referential_nodes act on act.id = a.node_id
			join referential_nodes m on m.id = act.parent_id
			join referential_nodes p on p.id = m.parent_id
			where a.service_id in (${sql.join(
				serviceIds.map((id) => sql`${id}::uuid`),
				sql`, `
			)})`
	);
}
