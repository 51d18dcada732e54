import type { ServiceRow, StructureRow } from './repository';
import type { ServiceDto } from './validation';
import { isStale } from './service';

/** Columns of a service row the API does not show (bookkeeping and search keys). */
export const SERVICE_COLUMNS_NOT_SHOWN = [
	'createdAt',
	'updatedAt',
	'nameNormalized',
	'searchContext',
	'sourceUrl'
] as const;
export type ShownServiceRow = Omit<ServiceRow, (typeof SERVICE_COLUMNS_NOT_SHOWN)[number]>;

/** Database row → API shape. */
export function toServiceDto(
	service: ShownServiceRow,
	structure: Pick<StructureRow, 'name' | 'organisationId'>,
	now = new Date()
): ServiceDto {
	return {
		id: service.id,
		structureId: service.structureId,
		structureName: structure.name,
		organisationId: structure.organisationId,
		source: service.source,
		sourceId: service.sourceId,
		name: service.name,
		description: service.description,
		type: service.type as ServiceDto['type'],
		thematiques: service.thematiques as ServiceDto['thematiques'],
		fees: service.fees as ServiceDto['fees'],
		feesDetails: service.feesDetails,
		publics: service.publics as ServiceDto['publics'],
		publicsDetails: service.publicsDetails,
		accessConditions: service.accessConditions,
		receptionModes: service.receptionModes as ServiceDto['receptionModes'],
		outreach: service.outreach,
		eligibilityZone: service.eligibilityZone,
		mobilisationModes: service.mobilisationModes as ServiceDto['mobilisationModes'],
		mobilisableBy: service.mobilisableBy as ServiceDto['mobilisableBy'],
		mobilisationDetails: service.mobilisationDetails,
		mobilisationUrl: service.mobilisationUrl,
		contactName: service.contactName,
		phone: service.phone,
		email: service.email,
		communeCode: service.communeCode,
		postalCode: service.postalCode,
		address: service.address,
		addressComplement: service.addressComplement,
		latitude: service.latitude,
		longitude: service.longitude,
		openingHours: service.openingHours,
		languages: service.languages,
		accessibility: service.accessibility,
		sourceUpdatedOn: service.sourceUpdatedOn,
		lastCheckedAt: service.lastCheckedAt.toISOString(),
		stale: isStale(service.lastCheckedAt, now),
		isDemo: service.isDemo
	};
}
