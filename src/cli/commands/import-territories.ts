import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { migrate } from '../../lib/server/db/migrate';
import { loadTerritories, type ImportSummary } from '../../lib/server/demo/seed';
import { loadEtalabSource } from '../../lib/server/territories/source';
import { withDatabase } from '../database';
import { CliError, count, plural, print, seconds } from '../output';

export function territorySummary(summary: ImportSummary, ms: number): string {
	return (
		`Territoires importés en ${seconds(ms)} : ${plural(summary.regions, 'région')}, ` +
		`${plural(summary.departements, 'département')}, ${count(summary.epcis)} EPCI, ` +
		`${plural(summary.communes, 'commune')} dont ${count(summary.withCentroid)} avec un centroïde.`
	);
}

/** "46, 32" → ["46", "32"], each checked against the official list. */
function parseDepartements(value: string): string[] {
	const codes = value
		.split(',')
		.map((c) => c.trim().toUpperCase())
		.filter((c) => c !== '');
	if (codes.length === 0) throw new CliError('--departements attend une liste de codes, par exemple 46,32.');
	const known = new Set(loadEtalabSource().departements.map((d) => d.code));
	const unknown = codes.filter((c) => !known.has(c));
	if (unknown.length > 0) throw new CliError(`Code de département inconnu : ${unknown.join(', ')}.`);
	return codes;
}

function checkGeoDir(dir: string): string {
	const resolved = path.resolve(dir);
	if (!fs.existsSync(resolved) || !fs.statSync(resolved).isDirectory()) {
		throw new CliError(`Dossier introuvable : ${resolved}`);
	}
	if (!fs.readdirSync(resolved).some((f) => /\.geojson(\.gz)?$/.test(f))) {
		throw new CliError(`Aucun fichier communes-*.geojson.gz dans ${resolved}.`);
	}
	return resolved;
}

export function importTerritoriesCommand(): Command {
	return new Command('import-territories')
		.description('importe ou met à jour régions, départements, EPCI et communes de France (sans doublon)')
		.option(
			'--geo <dossier>',
			'dossier de contours communes-*.geojson.gz pour calculer le centroïde des communes'
		)
		.option('--departements <codes>', 'limite communes et EPCI à ces départements, par exemple 46,32')
		.action(async (options: { geo?: string; departements?: string }) => {
			// checked before opening the database: a typo fails fast
			const geoDir = options.geo === undefined ? undefined : checkGeoDir(options.geo);
			const departements =
				options.departements === undefined ? undefined : parseDepartements(options.departements);
			await withDatabase(async (database) => {
				await migrate(database);
				const started = Date.now();
				const summary = await loadTerritories(database.db, { geoDir, departements });
				print(territorySummary(summary, Date.now() - started));
			});
		});
}
