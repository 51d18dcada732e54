import type { Db } from '../../db/client';
import { HSDS_SOURCE } from './hsds';
import { recordsById } from './hsds-repository';
import type { ParsedImport } from './types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The HSDS export names each record by the id its HSDS producer gave it (kept as source "hsds" + source_id) or,
 * for the directory's other records (created here, imported from data·inclusion…), by their own id. Before an HSDS
 * import, ids of the second kind are turned back into the record's (source, source_id), so that importing an
 * export updates the records it came from instead of creating copies.
 */
export async function resolveHsdsIds(db: Db, parsed: ParsedImport): Promise<void> {
	if (parsed.format !== 'hsds') return;
	const ids = (values: string[]) => [...new Set(values.filter((v) => UUID.test(v)))];
	const structureIds = ids([
		...parsed.structures.filter((r) => r.source === HSDS_SOURCE).map((r) => r.sourceId),
		...parsed.services.filter((r) => r.structureSource === HSDS_SOURCE).map((r) => r.structureSourceId)
	]);
	const serviceIds = ids(parsed.services.filter((r) => r.source === HSDS_SOURCE).map((r) => r.sourceId));
	const structures = new Map(
		(await recordsById(db, 'structures', structureIds)).map((r) => [r.id.toLowerCase(), r])
	);
	const services = new Map(
		(await recordsById(db, 'services', serviceIds)).map((r) => [r.id.toLowerCase(), r])
	);
	for (const row of parsed.structures) {
		const found = row.source === HSDS_SOURCE && structures.get(row.sourceId.toLowerCase());
		if (found) [row.source, row.sourceId] = [found.source, found.source_id];
	}
	for (const row of parsed.services) {
		const found = row.source === HSDS_SOURCE && services.get(row.sourceId.toLowerCase());
		if (found) [row.source, row.sourceId] = [found.source, found.source_id];
		const parent = row.structureSource === HSDS_SOURCE && structures.get(row.structureSourceId.toLowerCase());
		if (parent) [row.structureSource, row.structureSourceId] = [parent.source, parent.source_id];
	}
}
