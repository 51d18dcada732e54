import {
	CATEGORIES,
	FRAIS,
	MOBILISABLE_PAR,
	MODES_ACCUEIL,
	MODES_MOBILISATION,
	PUBLICS,
	SERVICE_TYPES,
	THEMATIQUES,
	categoryOf
} from '$lib/server/directory/codes';

/** The data·inclusion code lists the edit form offers (labels come from the codes.* catalogue). */
export function formCodes() {
	return {
		categories: CATEGORIES.map((category) => ({
			category,
			thematiques: THEMATIQUES.filter((t) => categoryOf(t) === category) as string[]
		})),
		types: [...SERVICE_TYPES] as string[],
		frais: [...FRAIS] as string[],
		publics: [...PUBLICS] as string[],
		receptionModes: [...MODES_ACCUEIL] as string[],
		mobilisationModes: [...MODES_MOBILISATION] as string[],
		mobilisableBy: [...MOBILISABLE_PAR] as string[]
	};
}

export type FormCodes = ReturnType<typeof formCodes>;
