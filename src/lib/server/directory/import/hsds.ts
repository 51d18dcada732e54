import { PUBLICS, SERVICE_TYPES, THEMATIQUES } from '../codes';
import { date, isRecord, num, text } from './coerce';
import { issueAt } from './data-inclusion';
import { describeIssue } from './messages';
import { emptyImport, type ParsedImport, type Position, type ServiceRow, type StructureRow } from './types';

/**
 * Open Referral HSDS 3 (JSON): organizations (with nested services and locations), or the flat form
 * {organizations, services, locations, service_at_locations}. Mapped to data·inclusion as in
 * directory-standards §2 and §5: organization → structure, service + its first location → service,
 * taxonomy terms whose code is a data·inclusion thématique (or public, or type) → those fields.
 */
export const HSDS_SOURCE = 'hsds';

export function isHsdsDocument(document: unknown): boolean {
	if (Array.isArray(document)) {
		const first = document.find(isRecord);
		return (
			!!first && ('organization_identifiers' in first || 'service_at_locations' in first || 'status' in first)
		);
	}
	return isRecord(document) && (Array.isArray(document.organizations) || 'service_at_locations' in document);
}

type Obj = Record<string, unknown>;
const records = (value: unknown): Obj[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const first = (value: unknown): Obj | undefined => records(value)[0];

const HSDS_NAMES: Record<string, string> = {
	name: 'name',
	description: 'description',
	email: 'email',
	website: 'website',
	siret: 'organization_identifiers',
	phone: 'phones',
	address: 'addresses.address_1',
	addressComplement: 'addresses.address_2',
	postalCode: 'addresses.postal_code',
	communeCode: 'locations.external_identifier',
	latitude: 'locations.latitude',
	longitude: 'locations.longitude',
	thematiques: 'attributes',
	publics: 'attributes',
	type: 'attributes',
	mobilisationUrl: 'url',
	feesDetails: 'fees_description',
	fees: 'cost_options',
	publicsDetails: 'eligibility_description',
	mobilisationDetails: 'application_process',
	accessConditions: 'required_documents',
	languages: 'languages',
	contactName: 'contacts',
	eligibilityZone: 'service_areas',
	openingHours: 'schedules',
	accessibility: 'accessibility',
	sourceUpdatedOn: 'last_modified'
};

/** The INSEE code of a location: external_identifier (scheme insee / cog / code_insee). */
function communeOf(location: Obj | undefined) {
	if (!location) return undefined;
	const scheme = (text(location.external_identifier_type) ?? '').toLowerCase();
	const code = text(location.external_identifier);
	return code && /insee|cog/.test(scheme) ? code : undefined;
}

function locationFields(location: Obj | undefined) {
	if (!location) return {};
	const address =
		records(location.addresses).find((a) => a.address_type !== 'postal') ?? first(location.addresses);
	return {
		address: text(address?.address_1),
		addressComplement: text(address?.address_2),
		postalCode: text(address?.postal_code),
		communeCode: communeOf(location),
		latitude: num(location.latitude),
		longitude: num(location.longitude)
	};
}

const DAYS: Record<string, string> = { MO: 'Mo', TU: 'Tu', WE: 'We', TH: 'Th', FR: 'Fr', SA: 'Sa', SU: 'Su' };
const hhmm = (value: unknown) => /^(\d{2}:\d{2})/.exec(text(value) ?? '')?.[1];

/** iCal-like schedules → OpenStreetMap opening_hours ("Mo,Tu 09:00-12:00; We 14:00-17:00"); a plain description otherwise. */
export function openingHoursOf(schedules: Obj[]): string | undefined {
	const rules = schedules.flatMap((s) => {
		const days = (text(s.byday) ?? '')
			.split(',')
			.map((d) => DAYS[d.trim().toUpperCase()])
			.filter(Boolean);
		const opens = hhmm(s.opens_at);
		const closes = hhmm(s.closes_at);
		return days.length && opens && closes ? [`${days.join(',')} ${opens}-${closes}`] : [];
	});
	if (rules.length) return rules.join('; ');
	return text(schedules[0]?.description);
}

/** Codes of the taxonomy terms attached to an object (attributes[].taxonomy_term.code, or the raw value). */
function termCodes(object: Obj): string[] {
	return records(object.attributes).flatMap((a) => {
		const term = isRecord(a.taxonomy_term) ? a.taxonomy_term : undefined;
		const code = text(term?.code) ?? text(a.value);
		return code ? [code] : [];
	});
}

const THEMES = new Set<string>(THEMATIQUES);
const AUDIENCES = new Set<string>(PUBLICS);
const TYPES = new Set<string>(SERVICE_TYPES);

/** Service areas → zone_eligibilite: COG codes at the end of the uri, or the name when it is a code / "France". */
function zonesOf(areas: Obj[]): string[] {
	return areas.flatMap((area) => {
		const fromUri = /([0-9][0-9AB][0-9]{3}|[0-9]{9}|[0-9]{2,3}|2A|2B)\/?$/.exec(text(area.uri) ?? '')?.[1];
		const name = text(area.name);
		if (fromUri) return [fromUri];
		if (name && /^france$/i.test(name)) return ['france'];
		if (name && /^([0-9][0-9AB][0-9]{3}|[0-9]{9}|[0-9]{2,3}|2A|2B)$/.test(name)) return [name];
		return [];
	});
}

function serviceFields(service: Obj, location: Obj | undefined): Record<string, unknown> {
	const codes = termCodes(service);
	const cost = records(service.cost_options);
	const feesDescription = text(service.fees_description) ?? text(service.fees);
	const fees = cost.some((c) => (num(c.amount) ?? 0) > 0)
		? 'payant'
		: cost.length || /gratuit|free/i.test(feesDescription ?? '')
			? 'gratuit'
			: undefined;
	const schedules = [...records(service.schedules), ...records(location?.schedules)];
	return {
		name: text(service.name),
		description: text(service.description),
		// codes written like data·inclusion thématiques are kept even when unknown, so the report names them
		thematiques: codes.filter((c) => THEMES.has(c) || /^[a-z-]+--[a-z-]+$/.test(c)),
		publics: codes.filter((c) => AUDIENCES.has(c)),
		type: codes.find((c) => TYPES.has(c)),
		fees,
		feesDetails: feesDescription,
		publicsDetails: text(service.eligibility_description),
		mobilisationDetails: text(service.application_process),
		accessConditions:
			records(service.required_documents)
				.map((d) => text(d.document))
				.filter(Boolean)
				.join(', ') || undefined,
		mobilisationUrl: text(service.url),
		email: text(service.email),
		phone: text(first(service.phones)?.number) ?? text(first(location?.phones)?.number),
		contactName: text(first(service.contacts)?.name),
		languages: [
			...new Set(
				records(service.languages)
					.map((l) => text(l.code)?.toLowerCase())
					.filter((c): c is string => !!c)
			)
		],
		eligibilityZone: zonesOf(records(service.service_areas)),
		openingHours: schedules.length ? openingHoursOf(schedules) : undefined,
		accessibility: text(first(location?.accessibility)?.description),
		sourceUpdatedOn: date(service.last_modified),
		...locationFields(location)
	};
}

function organizationFields(organization: Obj): Record<string, unknown> {
	const siret = records(organization.organization_identifiers).find((i) =>
		/siret/i.test(`${text(i.identifier_type) ?? ''} ${text(i.identifier_scheme) ?? ''}`)
	);
	const location = records(organization.locations).find((l) => l.location_type !== 'virtual');
	return {
		name: text(organization.name),
		description: text(organization.description),
		email: text(organization.email),
		website: text(organization.website) ?? text(organization.url),
		siret: text(siret?.identifier),
		phone: text(first(organization.phones)?.number),
		...locationFields(location),
		accessibilityUrl: text(first(location?.accessibility)?.url)
	};
}

/** Reads an HSDS document into structures and services; `line` is the item's position in its list. */
export function readHsds(document: unknown): ParsedImport {
	const parsed = emptyImport('hsds');
	const organizations = Array.isArray(document)
		? records(document).filter((r) => !('organization_id' in r && 'status' in r))
		: records(isRecord(document) ? document.organizations : []);
	const flat = isRecord(document) ? document : {};
	const topServices = Array.isArray(document)
		? records(document).filter((r) => 'organization_id' in r && 'status' in r)
		: records(flat.services);
	const locations = new Map(records(flat.locations).map((l) => [text(l.id), l]));
	const locationOfService = new Map<string | undefined, Obj | undefined>();
	for (const sal of records(flat.service_at_locations)) {
		const location = isRecord(sal.location) ? sal.location : locations.get(text(sal.location_id));
		if (!locationOfService.has(text(sal.service_id))) locationOfService.set(text(sal.service_id), location);
	}
	const serviceLocation = (service: Obj, organization: Obj | undefined) => {
		const nested = records(service.service_at_locations)[0];
		return (
			(isRecord(nested?.location) ? nested.location : locations.get(text(nested?.location_id))) ??
			locationOfService.get(text(service.id)) ??
			records(organization?.locations).find((l) => l.location_type !== 'virtual')
		);
	};

	const addService = (service: Obj, line: number, organization: Obj | undefined) => {
		const where = { line, position: 'item' as Position };
		const id = text(service.id);
		const orgId =
			text(service.organization_id) ??
			text(organization?.id) ??
			text(isRecord(service.organization) ? service.organization.id : undefined);
		if (!id) return void parsed.errors.push(describeIssue(issueAt(where, 'service', '', 'id', 'required')));
		if (!orgId)
			return void parsed.errors.push(
				describeIssue(issueAt(where, 'service', id, 'organization_id', 'required'))
			);
		if (text(service.status) === 'defunct') return;
		const row: ServiceRow = {
			entity: 'service',
			...where,
			id,
			source: HSDS_SOURCE,
			sourceId: id,
			structureSource: HSDS_SOURCE,
			structureSourceId: orgId,
			structureRef: orgId,
			fields: serviceFields(service, serviceLocation(service, organization)),
			fieldNames: HSDS_NAMES
		};
		parsed.services.push(row);
	};

	const byId = new Map<string, Obj>();
	organizations.forEach((organization, index) => {
		const where = { line: index + 1, position: 'item' as Position };
		const id = text(organization.id);
		if (!id) return void parsed.errors.push(describeIssue(issueAt(where, 'structure', '', 'id', 'required')));
		byId.set(id, organization);
		const row: StructureRow = {
			entity: 'structure',
			...where,
			id,
			source: HSDS_SOURCE,
			sourceId: id,
			fields: organizationFields(organization),
			fieldNames: HSDS_NAMES
		};
		parsed.structures.push(row);
	});
	let line = 0;
	for (const organization of organizations) {
		for (const service of records(organization.services)) addService(service, ++line, organization);
	}
	// services given beside the organizations (flat form) or embedding their organization (compiled form)
	topServices.forEach((service, index) => {
		const embedded = isRecord(service.organization) ? service.organization : undefined;
		if (embedded && text(embedded.id) && !byId.has(text(embedded.id)!)) {
			byId.set(text(embedded.id)!, embedded);
			parsed.structures.push({
				entity: 'structure',
				line: index + 1,
				position: 'item',
				id: text(embedded.id)!,
				source: HSDS_SOURCE,
				sourceId: text(embedded.id)!,
				fields: organizationFields(embedded),
				fieldNames: HSDS_NAMES
			});
		}
		addService(service, line + index + 1, byId.get(text(service.organization_id) ?? ''));
	});
	return parsed;
}
