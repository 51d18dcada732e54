import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Context } from '../context';
import { projectRoot } from '../db/migrate';
import { IndicatorFileError, unzipCsv } from './import/read';
import { importIndicators } from './service';
import { indicatorMappingSchema, mappingIssues, type IndicatorMapping } from './validation';

const assets = () => path.join(projectRoot(), 'assets', 'indicators');

/** Mapping files shipped with the application, by preset name. */
export const PRESETS: Record<string, string> = { 'insee-comparateur': 'insee-comparateur.mapping.json' };

export const presetPath = (name: string) => path.join(assets(), PRESETS[name]!);

/** A mapping file's text, checked; its problems in French, one per field. */
export function parseMapping(text: string): IndicatorMapping {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		throw new IndicatorFileError(`table de correspondance : JSON illisible (${(error as Error).message})`);
	}
	const parsed = indicatorMappingSchema.safeParse(json);
	if (!parsed.success)
		throw new IndicatorFileError(`table de correspondance : ${mappingIssues(parsed.error).join(' ; ')}`);
	return parsed.data;
}

/** The CSV bytes of a .csv, .csv.gz or .zip file. */
export function csvBytes(name: string, bytes: Uint8Array): Uint8Array {
	if (/\.zip$/i.test(name)) return unzipCsv(bytes).bytes;
	if (/\.gz$/i.test(name)) return new Uint8Array(gunzipSync(bytes));
	return bytes;
}

/** The Insee comparateur of the demo départements (shipped extract), imported with the demo. */
export async function importDemoIndicators(ctx: Context) {
	const name = 'insee-comparateur-46-32.csv.gz';
	const bytes = csvBytes(name, new Uint8Array(fs.readFileSync(path.join(assets(), name))));
	const mapping = parseMapping(fs.readFileSync(presetPath('insee-comparateur'), 'utf8'));
	return importIndicators(ctx, { bytes }, mapping);
}
