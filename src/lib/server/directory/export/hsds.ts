import { createHash } from 'node:crypto';
import { HSDS_SOURCE } from '../import/hsds';
import { HSDS_TAXONOMIES, MAILLAGE_TAXONOMY } from '../import/hsds-taxonomies';

/**
 * Directory rows → Open Referral HSDS 3.0 objects (directory-standards §2, §5; what is kept: docs/hsds.md).
 * Ids: a record imported from HSDS keeps the id its producer gave it (source "hsds", source_id), any other
 * record is exported under the directory's own id; importing the export again finds both (importer: HSDS ids),
 * so export → import updates instead of duplicating. Nested objects get ids derived from their owner's, so a
 * second export gives the same ids. Every field the directory models is written: data·inclusion codes as
 * taxonomy terms (one taxonomy per code list), the INSEE code as the location's external identifier, and what
 * HSDS 3.0 has no field for (lien_source, date_maj of a structure, aller-vers) as terms of Maillage's taxonomy.
 */
type Row = Record<string, unknown>;
type Field = keyof typeof HSDS_TAXONOMIES;

/** A stable UUID-shaped id for a nested object ("<parent>/<kind>/<n>"). */
export function derivedId(...parts: unknown[]): string {
	const hex = createHash('sha1').update(parts.map(String).join('/')).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The HSDS id of a structure or service row (`pk`, `source`, `sourceId`). */
export const hsdsIdOf = (pk: unknown, source: unknown, sourceId: unknown): string =>
	source === HSDS_SOURCE ? String(sourceId) : String(pk);

const present = (object: Row): Row =>
	Object.fromEntries(
		Object.entries(object).filter(
			([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)
		)
	);

function location(owner: string, row: Row, kind: 'organization' | 'service'): Row | undefined {
	const hasAddress = !!(row.address || row.addressComplement || row.postalCode);
	const hours = kind === 'organization' ? row.openingHours : undefined;
	const accessibility = kind === 'service' ? row.accessibility : undefined;
	const accessibilityUrl = kind === 'organization' ? row.accessibilityUrl : undefined;
	if (
		row.latitude == null &&
		!hasAddress &&
		!row.communeCode &&
		!hours &&
		!accessibility &&
		!accessibilityUrl
	)
		return undefined;
	const id = derivedId(owner, 'location');
	return present({
		id,
		location_type: 'physical',
		latitude: row.latitude,
		longitude: row.longitude,
		external_identifier: row.communeCode,
		external_identifier_type: row.communeCode ? 'insee' : undefined,
		addresses: hasAddress
			? [
					present({
						id: derivedId(owner, 'address'),
						location_id: id,
						address_1: row.address ?? '',
						address_2: row.addressComplement,
						city: row.communeName ?? row.commune ?? '',
						state_province: '',
						postal_code: row.postalCode ?? '',
						country: 'FR',
						address_type: 'physical'
					})
				]
			: [],
		accessibility:
			accessibility || accessibilityUrl
				? [
						present({
							id: derivedId(owner, 'accessibility'),
							location_id: id,
							description: accessibility,
							url: accessibilityUrl
						})
					]
				: [],
		schedules: hours ? [{ id: derivedId(owner, 'schedule'), location_id: id, description: hours }] : []
	});
}

const phones = (owner: string, number: unknown, link: 'organization_id' | 'service_id') =>
	number ? [{ id: derivedId(owner, 'phone'), [link]: owner, number }] : [];

/** One attribute linking a taxonomy term to the object; `value` for Maillage's terms that carry one. */
function attribute(
	owner: string,
	entity: 'organization' | 'service',
	taxonomy: string,
	code: string,
	value?: unknown
) {
	return present({
		id: derivedId(owner, 'attribute', taxonomy, code),
		link_id: owner,
		link_type: taxonomy === HSDS_TAXONOMIES.publics ? 'eligibility' : 'category',
		link_entity: entity,
		value: value === undefined ? undefined : String(value),
		taxonomy_term: {
			id: derivedId('taxonomy', taxonomy, code),
			code,
			name: code,
			description: taxonomy,
			taxonomy
		}
	});
}

function coded(owner: string, entity: 'organization' | 'service', row: Row, fields: Field[]): Row[] {
	return fields.flatMap((field) => {
		const value = row[field];
		const codes = Array.isArray(value) ? (value as string[]) : value ? [String(value)] : [];
		return codes.map((code) => attribute(owner, entity, HSDS_TAXONOMIES[field], code));
	});
}

export function hsdsService(row: Row, organizationId: string): Row {
	const id = hsdsIdOf(row.pk, row.source, row.sourceId);
	const place = location(id, row, 'service');
	return present({
		id,
		organization_id: organizationId,
		name: row.name,
		description: row.description,
		status: 'active',
		url: row.mobilisationUrl,
		email: row.email,
		fees_description: row.feesDetails,
		eligibility_description: row.publicsDetails,
		application_process: row.mobilisationDetails,
		last_modified: row.sourceUpdatedOn ? `${String(row.sourceUpdatedOn)}T00:00:00Z` : undefined,
		phones: phones(id, row.phone, 'service_id'),
		contacts: row.contactName
			? [{ id: derivedId(id, 'contact'), service_id: id, name: row.contactName }]
			: [],
		languages: ((row.languages as string[]) ?? []).map((code) => ({
			id: derivedId(id, 'language', code),
			service_id: id,
			code
		})),
		required_documents: row.accessConditions
			? [{ id: derivedId(id, 'document'), service_id: id, document: row.accessConditions }]
			: [],
		schedules: row.openingHours
			? [{ id: derivedId(id, 'schedule'), service_id: id, description: row.openingHours }]
			: [],
		service_areas: ((row.eligibilityZone as string[]) ?? []).map((code) =>
			present({
				id: derivedId(id, 'area', code),
				service_id: id,
				name: code === 'france' ? 'France' : code,
				uri: code === 'france' ? undefined : `https://geo.api.gouv.fr/${areaKind(code)}/${code}`
			})
		),
		service_at_locations: place
			? [{ id: derivedId(id, 'sal'), service_id: id, location_id: place.id, location: place }]
			: [],
		attributes: [
			...coded(id, 'service', row, [
				'thematiques',
				'publics',
				'type',
				'fees',
				'receptionModes',
				'mobilisationModes',
				'mobilisableBy'
			]),
			...(row.outreach ? [attribute(id, 'service', MAILLAGE_TAXONOMY, 'aller-vers')] : []),
			...(row.sourceUrl ? [attribute(id, 'service', MAILLAGE_TAXONOMY, 'lien_source', row.sourceUrl)] : [])
		]
	});
}

const areaKind = (code: string) =>
	code.length === 9 ? 'epcis' : code.length === 5 ? 'communes' : 'departements';

export function hsdsOrganization(row: Row, services: Row[]): Row {
	const id = hsdsIdOf(row.pk, row.source, row.sourceId);
	const place = location(id, row, 'organization');
	return present({
		id,
		name: row.name,
		// required by HSDS; the directory allows an empty one, which is exported empty
		description: row.description ?? '',
		email: row.email,
		website: row.website,
		phones: phones(id, row.phone, 'organization_id'),
		organization_identifiers: row.siret
			? [
					{
						id: derivedId(id, 'siret'),
						organization_id: id,
						identifier_scheme: 'FR-SIRET',
						identifier_type: 'SIRET',
						identifier: row.siret
					}
				]
			: [],
		locations: place ? [place] : [],
		attributes: [
			...coded(id, 'organization', row, ['networks']),
			...(row.sourceUrl
				? [attribute(id, 'organization', MAILLAGE_TAXONOMY, 'lien_source', row.sourceUrl)]
				: []),
			...(row.sourceUpdatedOn
				? [attribute(id, 'organization', MAILLAGE_TAXONOMY, 'date_maj', row.sourceUpdatedOn)]
				: [])
		],
		services: services.map((s) => hsdsService(s, id))
	});
}
