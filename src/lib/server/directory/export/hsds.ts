import { createHash } from 'node:crypto';

/**
 * Directory rows → Open Referral HSDS 3 objects (directory-standards §2, §5). HSDS ids are UUIDs: the
 * organization and the service keep the directory's own; nested objects get ids derived from them, so a
 * second export gives the same ids. data·inclusion codes travel as taxonomy terms, the INSEE code as the
 * location's external identifier.
 */
type Row = Record<string, unknown>;

const TAXONOMIES = {
	thematiques: 'data·inclusion thématiques v1',
	publics: 'data·inclusion publics v1',
	type: 'data·inclusion types de services v1'
};

/** A stable UUID-shaped id for a nested object ("<parent>/<kind>/<n>"). */
export function derivedId(...parts: unknown[]): string {
	const hex = createHash('sha1').update(parts.map(String).join('/')).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const present = (object: Row): Row =>
	Object.fromEntries(
		Object.entries(object).filter(
			([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)
		)
	);

function location(owner: string, row: Row): Row | undefined {
	if (row.latitude == null && !row.address && !row.communeCode) return undefined;
	const id = derivedId(owner, 'location');
	return present({
		id,
		location_type: 'physical',
		latitude: row.latitude,
		longitude: row.longitude,
		external_identifier: row.communeCode,
		external_identifier_type: row.communeCode ? 'insee' : undefined,
		addresses: row.address
			? [
					present({
						id: derivedId(owner, 'address'),
						location_id: id,
						address_1: row.address,
						address_2: row.addressComplement,
						city: row.commune ?? '',
						state_province: '',
						postal_code: row.postalCode ?? '',
						country: 'FR',
						address_type: 'physical'
					})
				]
			: [],
		accessibility: row.accessibility
			? [{ id: derivedId(owner, 'accessibility'), location_id: id, description: row.accessibility }]
			: row.accessibilityUrl
				? [{ id: derivedId(owner, 'accessibility'), location_id: id, url: row.accessibilityUrl }]
				: []
	});
}

const phones = (owner: string, number: unknown) =>
	number ? [{ id: derivedId(owner, 'phone'), number }] : [];

function attributes(owner: string, row: Row): Row[] {
	const codes: [keyof typeof TAXONOMIES, string][] = [
		...((row.thematiques as string[]) ?? []).map(
			(c) => ['thematiques', c] as [keyof typeof TAXONOMIES, string]
		),
		...((row.publics as string[]) ?? []).map((c) => ['publics', c] as [keyof typeof TAXONOMIES, string]),
		...(row.type ? [['type', row.type as string] as [keyof typeof TAXONOMIES, string]] : [])
	];
	return codes.map(([kind, code]) => ({
		id: derivedId(owner, 'attribute', code),
		link_id: owner,
		link_type: kind === 'publics' ? 'eligibility' : 'category',
		link_entity: 'service',
		taxonomy_term: {
			id: derivedId('data-inclusion', kind, code),
			code,
			name: code,
			description: TAXONOMIES[kind],
			taxonomy: TAXONOMIES[kind]
		}
	}));
}

export function hsdsService(row: Row, organizationId: string): Row {
	const id = row.pk as string;
	const place = location(id, row);
	return present({
		id,
		organization_id: organizationId,
		name: row.name,
		alternate_name: undefined,
		description: row.description,
		status: 'active',
		url: row.mobilisationUrl,
		email: row.email,
		fees_description:
			row.feesDetails ?? (row.fees === 'gratuit' ? 'Gratuit' : row.fees === 'payant' ? 'Payant' : undefined),
		eligibility_description: row.publicsDetails,
		application_process: row.mobilisationDetails,
		last_modified: row.sourceUpdatedOn ? `${String(row.sourceUpdatedOn)}T00:00:00Z` : undefined,
		phones: phones(id, row.phone),
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
		cost_options:
			row.fees === 'payant'
				? [
						{
							id: derivedId(id, 'cost'),
							service_id: id,
							option: row.feesDetails ?? 'Payant',
							currency: 'EUR'
						}
					]
				: [],
		schedules: row.openingHours
			? [{ id: derivedId(id, 'schedule'), service_id: id, description: row.openingHours }]
			: [],
		service_areas: ((row.eligibilityZone as string[]) ?? []).map((code) => ({
			id: derivedId(id, 'area', code),
			service_id: id,
			name: code === 'france' ? 'France' : code,
			uri: code === 'france' ? undefined : `https://geo.api.gouv.fr/${areaKind(code)}/${code}`
		})),
		service_at_locations: place
			? [{ id: derivedId(id, 'sal'), service_id: id, location_id: place.id, location: place }]
			: [],
		attributes: attributes(id, row)
	});
}

const areaKind = (code: string) =>
	code.length === 9 ? 'epcis' : code.length === 5 ? 'communes' : 'departements';

export function hsdsOrganization(row: Row, services: Row[]): Row {
	const id = row.pk as string;
	const place = location(id, row);
	return present({
		id,
		name: row.name,
		description: row.description || row.name,
		email: row.email,
		website: row.website,
		phones: phones(id, row.phone),
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
		services: services.map((s) => hsdsService(s, id))
	});
}
