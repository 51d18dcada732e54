/**
 * The taxonomies Maillage writes in its HSDS exports (attributes[].taxonomy_term.taxonomy) and reads back: one per
 * data·inclusion code list the directory keeps, so that every coded field survives an export → import.
 */
export const HSDS_TAXONOMIES = {
	thematiques: 'data·inclusion thématiques v1',
	publics: 'data·inclusion publics v1',
	type: 'data·inclusion types de services v1',
	fees: 'data·inclusion frais v1',
	receptionModes: 'data·inclusion modes d’accueil v1',
	mobilisationModes: 'data·inclusion modes de mobilisation v1',
	mobilisableBy: 'data·inclusion mobilisable par v1',
	networks: 'data·inclusion réseaux porteurs v1'
} as const;

/**
 * Maillage's own terms, for what HSDS 3.0 has no field for: `lien_source` and `date_maj` (value = the link, the
 * date) and `aller-vers` (a service that goes to people).
 */
export const MAILLAGE_TAXONOMY = 'Maillage';
