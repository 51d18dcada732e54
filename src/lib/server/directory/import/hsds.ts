import {
	FRAIS,
	MOBILISABLE_PAR,
	MODES_ACCUEIL,
	MODES_MOBILISATION,
	PUBLICS,
	SERVICE_TYPES,
	THEMATIQUES
} from '../codes';
import { isInFrance } from '../validation';
import { date, isRecord, num, text } from './coerce';
import { issueAt } from './data-inclusion';
import { HSDS_TAXONOMIES, MAILLAGE_TAXONOMY } from './hsds-taxonomies';
import { describeIssue } from './messages';
import {
	emptyImport,
	type Entity,
	type ParsedImport,
	type Position,
	type ServiceRow,
	type StructureRow
} from './types';

/**
 * Open Referral HSDS 3 → directory rows (directory-standards §2 and §5): organization → structure, service and
 * its first location → service. Every shape the specification publishes is read as it is:
 * - one organization (with its services nested), one service (with its organization embedded), one
 *   service_at_location (with its service and location);
 * - a page of the API, {total_items, …, contents: [...]} of any of the three;
 * - the tabular form: {"organizations.csv": [...], "services.csv": [...], …} (tabular.json), or the CSV files
 *   themselves (read.ts turns them into that object);
 * - and the forms Maillage read before: {organizations: [...]}, the flat {organizations, services, locations,
 *   service_at_locations}, a bare array.
 * What does not fit the directory (coordinates outside France, a foreign postal code, a language code that is not
 * ISO 639-1) is left out with a warning, so that a file from elsewhere imports as published; what the directory
 * requires (an id, a name, a description for services) refuses the item, with the path of the field.
 */
export const HSDS_SOURCE = 'hsds';

type Obj = Record<string, unknown>;
const records = (value: unknown): Obj[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const first = (value: unknown): Obj | undefined => records(value)[0];
const PAGE_KEYS = ['total_items', 'total_pages', 'page_number', 'first_page', 'last_page'];

const isTabular = (document: Obj) => Object.keys(document).some((k) => /^[a-z_]+\.csv$/.test(k));
const isPage = (document: Obj) => Array.isArray(document.contents) && PAGE_KEYS.some((k) => k in document);
type Kind = 'organization' | 'service' | 'service_at_location';

/** What an HSDS object is: a service_at_location embeds its service; a service has a status or an organization. */
function kindOf(object: Obj): Kind {
	if (isRecord(object.service) || ('service_id' in object && 'location_id' in object && !('name' in object)))
		return 'service_at_location';
	if ('status' in object || 'organization_id' in object || isRecord(object.organization)) return 'service';
	return 'organization';
}

export function isHsdsDocument(document: unknown): boolean {
	if (Array.isArray(document)) {
		const item = document.find(isRecord);
		return (
			!!item &&
			('organization_identifiers' in item ||
				'service_at_locations' in item ||
				'status' in item ||
				'organization_id' in item ||
				isRecord(item.service) ||
				('name' in item && !('nom' in item)))
		);
	}
	if (!isRecord(document)) return false;
	return (
		Array.isArray(document.organizations) ||
		'service_at_locations' in document ||
		isPage(document) ||
		isTabular(document) ||
		// one object: HSDS names (data·inclusion's are French: nom, structure_id…)
		('id' in document && ('name' in document || isRecord(document.service)) && !('nom' in document))
	);
}

/** Model field → HSDS field, relative to the object (or to its location for the place fields). */
const SERVICE_NAMES: Record<string, string> = {
	name: 'name',
	description: 'description',
	email: 'email',
	phone: 'phones[0].number',
	thematiques: 'attributes',
	publics: 'attributes',
	type: 'attributes',
	fees: 'attributes',
	receptionModes: 'attributes',
	mobilisationModes: 'attributes',
	mobilisableBy: 'attributes',
	sourceUrl: 'attributes',
	mobilisationUrl: 'url',
	feesDetails: 'fees_description',
	publicsDetails: 'eligibility_description',
	mobilisationDetails: 'application_process',
	accessConditions: 'required_documents',
	languages: 'languages',
	contactName: 'contacts[0].name',
	eligibilityZone: 'service_areas',
	openingHours: 'schedules',
	sourceUpdatedOn: 'last_modified'
};
const STRUCTURE_NAMES: Record<string, string> = {
	name: 'name',
	description: 'description',
	email: 'email',
	website: 'website',
	siret: 'organization_identifiers',
	phone: 'phones[0].number',
	networks: 'attributes',
	sourceUrl: 'attributes',
	sourceUpdatedOn: 'attributes'
};
const PLACE_NAMES: Record<string, string> = {
	address: 'addresses[0].address_1',
	addressComplement: 'addresses[0].address_2',
	postalCode: 'addresses[0].postal_code',
	communeCode: 'external_identifier',
	latitude: 'latitude',
	longitude: 'longitude',
	accessibility: 'accessibility[0].description',
	accessibilityUrl: 'accessibility[0].url',
	openingHours: 'schedules'
};

/** Field names of a row, with the path of the object in the file ("contents[2].name"). */
function namesAt(own: Record<string, string>, path: string, locationPath: string | undefined) {
	const names: Record<string, string> = {};
	const prefix = (p: string) => (p ? `${p}.` : '');
	for (const [field, name] of Object.entries(PLACE_NAMES))
		names[field] = locationPath === undefined ? `${prefix(path)}locations` : `${prefix(locationPath)}${name}`;
	for (const [field, name] of Object.entries(own)) names[field] = `${prefix(path)}${name}`;
	return names;
}

/** The INSEE code of a location: external_identifier (scheme insee / cog / code_insee). */
function communeOf(location: Obj | undefined) {
	if (!location) return undefined;
	const scheme = (text(location.external_identifier_type) ?? '').toLowerCase();
	const code = text(location.external_identifier);
	return code && /insee|cog/.test(scheme) ? code : undefined;
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
	if (rules.length) return [...new Set(rules)].join('; ');
	return text(schedules.find((s) => text(s.description))?.description);
}

const THEMES = new Set<string>(THEMATIQUES);
const BY_CODE: [Set<string>, TermField][] = [
	[new Set<string>(PUBLICS), 'publics'],
	[new Set<string>(SERVICE_TYPES), 'type'],
	[new Set<string>(FRAIS), 'fees'],
	[new Set<string>(MODES_ACCUEIL), 'receptionModes'],
	[new Set<string>(MODES_MOBILISATION), 'mobilisationModes'],
	[new Set<string>(MOBILISABLE_PAR), 'mobilisableBy']
];
type TermField = keyof typeof HSDS_TAXONOMIES;
const TAXONOMY_FIELD = new Map<string, TermField>(
	Object.entries(HSDS_TAXONOMIES).map(([field, name]) => [name, field as TermField])
);

/**
 * The taxonomy terms of an object → directory fields. A term of one of the taxonomies Maillage exports goes to its
 * field (even an unknown code, so that the report names it); another taxonomy's term goes where its code is known
 * (a data·inclusion thématique, public, type…); Maillage's own terms carry what HSDS has no field for.
 */
function termsOf(object: Obj) {
	const found: Record<string, string[]> = {};
	const extra: Record<string, string> = {};
	const add = (field: string, code: string) => (found[field] ??= []).push(code);
	for (const attribute of records(object.attributes)) {
		const term = isRecord(attribute.taxonomy_term) ? attribute.taxonomy_term : undefined;
		const code = text(term?.code) ?? text(term?.name);
		const taxonomy = text(term?.taxonomy) ?? '';
		if (!code) continue;
		if (taxonomy === MAILLAGE_TAXONOMY) {
			extra[code] = text(attribute.value) ?? 'oui';
			continue;
		}
		const field = TAXONOMY_FIELD.get(taxonomy);
		if (field) add(field, code);
		else if (THEMES.has(code) || /^[a-z-]+--[a-z-]+$/.test(code)) add('thematiques', code);
		else {
			const known = BY_CODE.find(([codes]) => codes.has(code));
			if (known) add(known[1], code);
		}
	}
	const unique = (field: string) => (found[field] ? [...new Set(found[field])] : undefined);
	return {
		thematiques: unique('thematiques'),
		publics: unique('publics'),
		type: found.type?.[0],
		fees: found.fees?.[0],
		receptionModes: unique('receptionModes'),
		mobilisationModes: unique('mobilisationModes'),
		mobilisableBy: unique('mobilisableBy'),
		networks: unique('networks'),
		extra
	};
}

/** Service areas → zone_eligibilite: COG codes at the end of the uri, or the name when it is a code / "France". */
function zonesOf(areas: Obj[]): string[] {
	const CODE = /^([0-9][0-9AB][0-9]{3}|[0-9]{9}|[0-9]{2,3}|2A|2B)$/;
	return areas.flatMap((area) => {
		const fromUri = /([0-9][0-9AB][0-9]{3}|[0-9]{9}|[0-9]{2,3}|2A|2B)\/?$/.exec(text(area.uri) ?? '')?.[1];
		const name = text(area.name);
		if (fromUri) return [fromUri];
		if (name && /^france$/i.test(name)) return ['france'];
		if (name && CODE.test(name)) return [name];
		return [];
	});
}

/** A phone number as written, without the quotes some files keep around it ("\"+44 1234\""). */
const phoneOf = (phones: unknown) => text(text(first(phones)?.number)?.replace(/^["']+|["']+$/g, ''));

interface Where {
	line: number;
	position: Position;
	file?: string;
}
type Warn = (entity: Entity, id: string, field: string, code: string, value?: string) => void;
type WarnAt = (where: Where) => Warn;

/** Address, coordinates, commune and accessibility of a location, without what cannot be French. */
function placeFields(
	location: Obj | undefined,
	path: string | undefined,
	entity: Entity,
	id: string,
	warn: Warn
) {
	if (!location) return {};
	const addresses = records(location.addresses);
	const address = addresses.find((a) => a.address_type !== 'postal') ?? addresses[0];
	const at = (field: string) => (path ? `${path}.${field}` : field);
	let postalCode = text(address?.postal_code);
	if (postalCode && !/^\d{5}$/.test(postalCode)) {
		warn(entity, id, at('addresses[0].postal_code'), 'hsds.postalCodeIgnored', postalCode);
		postalCode = undefined;
	}
	let latitude = num(location.latitude);
	let longitude = num(location.longitude);
	if (
		latitude !== undefined &&
		longitude !== undefined &&
		!(Number.isFinite(latitude) && Number.isFinite(longitude) && isInFrance(latitude, longitude))
	) {
		warn(
			entity,
			id,
			at('latitude'),
			'hsds.coordinatesIgnored',
			`${String(location.latitude)}, ${String(location.longitude)}`
		);
		latitude = longitude = undefined;
	}
	const accessibility = first(location.accessibility);
	return {
		address: text(address?.address_1),
		addressComplement: text(address?.address_2),
		postalCode,
		communeCode: communeOf(location),
		// the commune's name as written, kept only when no INSEE code says which commune it is
		communeName: communeOf(location) ? undefined : text(address?.city),
		latitude,
		longitude,
		accessibility: text(accessibility?.description),
		accessibilityUrl: text(accessibility?.url)
	};
}

/** ISO 639-1 codes of the languages; other codes (ISO 639-3 "urd", names) are left out with a warning. */
function languagesOf(service: Obj, path: string, id: string, warn: Warn) {
	const codes: string[] = [];
	records(service.languages).forEach((language, index) => {
		const code = text(language.code)?.toLowerCase();
		if (code && /^[a-z]{2}$/.test(code)) codes.push(code);
		else if (code || text(language.name))
			warn(
				'service',
				id,
				`${path ? `${path}.` : ''}languages[${index}].code`,
				'hsds.languageIgnored',
				code ?? text(language.name)
			);
	});
	return [...new Set(codes)];
}

function feesOf(service: Obj, fromTerms: string | undefined, feesDescription: string | undefined) {
	if (fromTerms) return fromTerms;
	const costs = records(service.cost_options);
	if (costs.some((c) => (num(c.amount) ?? 0) > 0)) return 'payant';
	if (costs.length && costs.every((c) => num(c.amount) === 0)) return 'gratuit';
	if (/\bgratuit|\bfree\b/i.test(feesDescription ?? '')) return 'gratuit';
	return undefined;
}

interface Placed {
	location: Obj | undefined;
	path: string | undefined;
}

function serviceFields(service: Obj, path: string, placed: Placed, extraSchedules: Obj[], warn: Warn) {
	const id = text(service.id) ?? '';
	const terms = termsOf(service);
	const feesDescription = text(service.fees_description) ?? text(service.fees);
	const schedules = [
		...records(service.schedules),
		...extraSchedules,
		...records(placed.location?.schedules)
	];
	const place = placeFields(placed.location, placed.path, 'service', id, warn);
	const documents = records(service.required_documents)
		.map((d) => text(d.document))
		.filter(Boolean);
	return {
		name: text(service.name),
		description: text(service.description),
		thematiques: terms.thematiques,
		publics: terms.publics,
		type: terms.type,
		fees: feesOf(service, terms.fees, feesDescription),
		feesDetails: feesDescription,
		receptionModes: terms.receptionModes,
		mobilisationModes: terms.mobilisationModes,
		mobilisableBy: terms.mobilisableBy,
		outreach: terms.extra['aller-vers'] === 'oui' ? true : undefined,
		sourceUrl: terms.extra.lien_source,
		publicsDetails: text(service.eligibility_description),
		mobilisationDetails: text(service.application_process),
		accessConditions: documents.join(', ') || undefined,
		mobilisationUrl: text(service.url),
		email: text(service.email),
		phone: phoneOf(service.phones) ?? phoneOf(placed.location?.phones),
		contactName: text(first(service.contacts)?.name),
		languages: languagesOf(service, path, id, warn),
		eligibilityZone: zonesOf(records(service.service_areas)),
		openingHours: schedules.length ? openingHoursOf(schedules) : undefined,
		sourceUpdatedOn: date(service.last_modified),
		address: place.address,
		addressComplement: place.addressComplement,
		postalCode: place.postalCode,
		communeCode: place.communeCode,
		communeName: place.communeName,
		latitude: place.latitude,
		longitude: place.longitude,
		accessibility: place.accessibility
	};
}

function organizationFields(organization: Obj, placed: Placed, warn: Warn) {
	const id = text(organization.id) ?? '';
	const siret = records(organization.organization_identifiers).find((i) =>
		/siret/i.test(`${text(i.identifier_type) ?? ''} ${text(i.identifier_scheme) ?? ''}`)
	);
	const terms = termsOf(organization);
	const place = placeFields(placed.location, placed.path, 'structure', id, warn);
	const schedules = records(placed.location?.schedules);
	return {
		name: text(organization.name),
		description: text(organization.description),
		email: text(organization.email),
		website: text(organization.website),
		siret: text(siret?.identifier),
		phone: phoneOf(organization.phones) ?? phoneOf(placed.location?.phones),
		networks: terms.networks,
		sourceUrl: terms.extra.lien_source,
		sourceUpdatedOn: terms.extra.date_maj,
		openingHours: schedules.length ? openingHoursOf(schedules) : undefined,
		address: place.address,
		addressComplement: place.addressComplement,
		postalCode: place.postalCode,
		communeCode: place.communeCode,
		communeName: place.communeName,
		latitude: place.latitude,
		longitude: place.longitude,
		accessibilityUrl: place.accessibilityUrl
	};
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** A location of an organization that is a place (not virtual), with its path. */
function placeOf(locations: unknown, path: string): Placed {
	const index = records(locations).findIndex((l) => l.location_type !== 'virtual');
	return index < 0
		? { location: undefined, path: undefined }
		: { location: records(locations)[index], path: `${join(path, 'locations')}[${index}]` };
}

interface Item {
	object: Obj;
	path: string;
	where: Where;
}

/** Reads an HSDS document into structures and services. `where` gives the position of the top-level items. */
export function readHsds(document: unknown, options: { csv?: boolean } = {}): ParsedImport {
	const parsed = emptyImport('hsds');
	const warnAt: WarnAt = (where) => (entity, id, field, code, value) =>
		parsed.warnings.push(
			describeIssue({ ...issueAt(where, entity, id, field, code, value), file: where.file })
		);
	const fail = (
		where: Where,
		entity: Entity | 'file',
		id: string,
		field: string,
		code: string,
		value?: string
	) =>
		parsed.errors.push(
			describeIssue({ ...issueAt(where, entity, id, field, code, value), file: where.file })
		);

	// 1. the items of the document, with their path and position
	const organizations: Item[] = [];
	const services: Item[] = [];
	const links: Item[] = [];
	const flat: Obj =
		isRecord(document) && isTabular(document) ? fromTabular(document) : isRecord(document) ? document : {};
	const tabular = isRecord(document) && isTabular(document);
	const sort = (items: unknown[], path: string, table?: string, forced?: Kind) =>
		items.forEach((object, index) => {
			// a CSV file: its line (header = 1) and its columns; JSON: the item and its path
			const where: Where = options.csv
				? { line: index + 2, position: 'line', file: table }
				: { line: index + 1, position: 'item' };
			const itemPath = options.csv ? '' : tabular ? `${table}[${index}]` : `${path}[${index}]`;
			if (!isRecord(object)) return void fail(where, 'file', '', itemPath, 'notAnObject');
			const kind = forced ?? kindOf(object);
			const list = kind === 'organization' ? organizations : kind === 'service' ? services : links;
			list.push({ object, path: itemPath, where });
		});
	if (Array.isArray(document)) sort(document, '');
	else if (isRecord(document) && isPage(document)) sort(document.contents as unknown[], 'contents');
	else if (tabular) {
		sort(records(flat.organizations), '', 'organizations.csv', 'organization');
		sort(records(flat.services), '', 'services.csv', 'service');
	} else if (isRecord(document) && 'id' in document) {
		const kind = kindOf(document);
		(kind === 'organization' ? organizations : kind === 'service' ? services : links).push({
			object: document,
			path: '',
			where: { line: 1, position: 'item' }
		});
	} else if (
		isRecord(document) &&
		(Array.isArray(document.organizations) || Array.isArray(document.services))
	) {
		if (Array.isArray(document.organizations))
			sort(document.organizations, 'organizations', undefined, 'organization');
		if (Array.isArray(document.services)) sort(document.services, 'services', undefined, 'service');
	} else {
		fail({ line: 1, position: 'item' }, 'file', '', '', 'hsds.notRecognised');
		return parsed;
	}

	// locations and links given beside the services (flat and tabular forms)
	const locations = new Map(records(flat.locations).map((l, i) => [text(l.id), { location: l, index: i }]));
	const linkOf = new Map<string | undefined, Placed & { link: Obj }>();
	records(flat.service_at_locations).forEach((link, index) => {
		const known = locations.get(text(link.location_id));
		const location = isRecord(link.location) ? link.location : known?.location;
		const path = isRecord(link.location)
			? `service_at_locations[${index}].location`
			: known
				? `locations[${known.index}]`
				: undefined;
		if (!linkOf.has(text(link.service_id))) linkOf.set(text(link.service_id), { location, path, link });
	});

	// 2. structures
	const organizationById = new Map<string, Obj>();
	const addStructure = (object: Obj, path: string, where: Where) => {
		const id = text(object.id);
		if (!id) return void fail(where, 'structure', '', join(path, 'id'), 'required');
		if (organizationById.has(id)) return;
		organizationById.set(id, object);
		const placed = placeOf(object.locations, path);
		const row: StructureRow = {
			entity: 'structure',
			...where,
			id,
			source: HSDS_SOURCE,
			sourceId: id,
			fields: organizationFields(object, placed, warnAt(where)),
			fieldNames: namesAt(STRUCTURE_NAMES, path, placed.path)
		};
		parsed.structures.push(row);
	};
	for (const { object, path, where } of organizations) addStructure(object, path, where);

	// 3. services: nested in organizations, at the top level, or inside service_at_locations
	const addService = (
		service: Obj,
		path: string,
		where: Where,
		parent: Item | undefined,
		link?: Placed & { link?: Obj }
	) => {
		const id = text(service.id);
		const embedded = isRecord(service.organization) ? service.organization : undefined;
		if (embedded) addStructure(embedded, join(path, 'organization'), where);
		const orgId = text(service.organization_id) ?? text(embedded?.id) ?? text(parent?.object.id);
		if (!id) return void fail(where, 'service', '', join(path, 'id'), 'required');
		if (!orgId) return void fail(where, 'service', id, join(path, 'organization_id'), 'required');
		if (text(service.status) === 'defunct')
			return void warnAt(where)('service', id, join(path, 'status'), 'hsds.defunct', 'defunct');
		const nestedIndex = records(service.service_at_locations).findIndex(
			(l) => isRecord(l.location) || text(l.location_id)
		);
		const nested = nestedIndex < 0 ? undefined : records(service.service_at_locations)[nestedIndex];
		const nestedKnown = locations.get(text(nested?.location_id));
		const placed: Placed & { link?: Obj } =
			link ??
			(nested && isRecord(nested.location)
				? {
						location: nested.location,
						path: `${join(path, 'service_at_locations')}[${nestedIndex}].location`,
						link: nested
					}
				: nestedKnown
					? { location: nestedKnown.location, path: `locations[${nestedKnown.index}]`, link: nested }
					: (linkOf.get(id) ??
						(parent
							? placeOf(parent.object.locations, parent.path)
							: { location: undefined, path: undefined })));
		const row: ServiceRow = {
			entity: 'service',
			...where,
			id,
			source: HSDS_SOURCE,
			sourceId: id,
			structureSource: HSDS_SOURCE,
			structureSourceId: orgId,
			structureRef: orgId,
			fields: serviceFields(service, path, placed, records(placed.link?.schedules), warnAt(where)),
			fieldNames: namesAt(SERVICE_NAMES, path, placed.path)
		};
		parsed.services.push(row);
	};
	for (const parent of organizations)
		records(parent.object.services).forEach((service, index) =>
			addService(service, `${join(parent.path, 'services')}[${index}]`, parent.where, parent)
		);
	for (const { object, path, where } of services) addService(object, path, where, undefined);
	for (const { object, path, where } of links) {
		if (!isRecord(object.service)) {
			fail(where, 'service', text(object.service_id) ?? '', join(path, 'service'), 'required');
			continue;
		}
		const location = isRecord(object.location) ? object.location : undefined;
		addService(object.service, join(path, 'service'), where, undefined, {
			location,
			path: location ? join(path, 'location') : undefined,
			link: object
		});
	}
	if (parsed.structures.length + parsed.services.length + parsed.errors.length === 0)
		fail({ line: 1, position: 'item' }, 'file', '', '', 'hsds.empty');
	return parsed;
}

/** HSDS tables that hang under another object, and the key that links them. */
const CHILDREN: [table: string, into: string, key: string, parentTable: string][] = [
	['phones.csv', 'phones', 'organization_id', 'organizations.csv'],
	['organization_identifiers.csv', 'organization_identifiers', 'organization_id', 'organizations.csv'],
	['locations.csv', 'locations', 'organization_id', 'organizations.csv'],
	['attributes.csv', 'attributes', 'link_id', 'organizations.csv'],
	['phones.csv', 'phones', 'service_id', 'services.csv'],
	['schedules.csv', 'schedules', 'service_id', 'services.csv'],
	['service_areas.csv', 'service_areas', 'service_id', 'services.csv'],
	['languages.csv', 'languages', 'service_id', 'services.csv'],
	['cost_options.csv', 'cost_options', 'service_id', 'services.csv'],
	['required_documents.csv', 'required_documents', 'service_id', 'services.csv'],
	['contacts.csv', 'contacts', 'service_id', 'services.csv'],
	['attributes.csv', 'attributes', 'link_id', 'services.csv'],
	['addresses.csv', 'addresses', 'location_id', 'locations.csv'],
	['accessibility.csv', 'accessibility', 'location_id', 'locations.csv'],
	['schedules.csv', 'schedules', 'location_id', 'locations.csv'],
	['phones.csv', 'phones', 'location_id', 'locations.csv'],
	['schedules.csv', 'schedules', 'service_at_location_id', 'service_at_location.csv']
];

/**
 * The tabular form (one table per file, rows linked by ids) → the flat form readHsds reads: organizations and
 * services with their child rows nested, locations and service_at_locations beside them.
 */
export function fromTabular(tables: Obj): Obj {
	// one copy of each table's rows, so that a location gets its addresses wherever it is nested
	const copies = new Map<string, Obj[]>();
	const rows = (table: string) => {
		if (!copies.has(table))
			copies.set(
				table,
				records(tables[table]).map((r) => ({ ...r }))
			);
		return copies.get(table)!;
	};
	const terms = new Map(rows('taxonomy_terms.csv').map((t) => [text(t.id), t]));
	for (const [table, into, key, parentTable] of CHILDREN) {
		const children = rows(table);
		const byParent = new Map<string, Obj[]>();
		for (const child of children) {
			const parent = text(child[key]);
			if (!parent) continue;
			if (table === 'attributes.csv' && !child.taxonomy_term)
				child.taxonomy_term = terms.get(text(child.taxonomy_term_id));
			byParent.set(parent, [...(byParent.get(parent) ?? []), child]);
		}
		for (const parent of rows(parentTable)) {
			const found = byParent.get(text(parent.id) ?? '');
			if (found && !Array.isArray(parent[into])) parent[into] = found;
		}
	}
	return {
		organizations: rows('organizations.csv'),
		services: rows('services.csv'),
		locations: rows('locations.csv'),
		service_at_locations: rows('service_at_location.csv')
	};
}
