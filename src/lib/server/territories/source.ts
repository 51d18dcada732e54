import { createRequire } from 'node:module';

/** Shapes of @etalab/decoupage-administratif's JSON files (its `main` entry is broken: we read the files). */
export interface SourceRegion {
	code: string;
	nom: string;
	chefLieu?: string;
}
export interface SourceDepartement extends SourceRegion {
	region: string;
}
export interface SourceCommune {
	code: string;
	nom: string;
	type: string;
	departement?: string;
	region?: string;
	population?: number;
	codesPostaux?: string[];
	chefLieu?: string;
	/** codes of the former communes merged into this one */
	anciensCodes?: string[];
}
export interface SourceEpci {
	code: string;
	nom: string;
	type: string;
	populationMunicipale?: number;
	populationTotale?: number;
	membres: { code: string }[];
}

export interface TerritorySource {
	regions: SourceRegion[];
	departements: SourceDepartement[];
	communes: SourceCommune[];
	epcis: SourceEpci[];
}

const require = createRequire(import.meta.url);

export function loadEtalabSource(): TerritorySource {
	const file = (name: string) => require(`@etalab/decoupage-administratif/data/${name}.json`);
	return {
		regions: file('regions'),
		departements: file('departements'),
		communes: file('communes'),
		epcis: file('epci')
	};
}
