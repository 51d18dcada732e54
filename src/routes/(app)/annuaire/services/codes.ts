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

/**
 * Languages offered by name in the service form (ISO 639-1): French and the languages the territory's
 * services most often receive people in. A stored code outside this list is offered too, so it is kept.
 */
export const COMMON_LANGUAGES = [
	'fr',
	'en',
	'ar',
	'es',
	'pt',
	'it',
	'de',
	'nl',
	'pl',
	'ro',
	'ru',
	'uk',
	'tr',
	'fa',
	'ps',
	'ur',
	'bn',
	'zh',
	'vi',
	'sq',
	'hy',
	'ka',
	'so',
	'ti',
	'am',
	'sw',
	'wo',
	'bm',
	'ff',
	'ln'
];

/** The data·inclusion code lists the edit form offers (labels come from the codes.* catalogue). */
export function formCodes(storedLanguages: string[] = []) {
	return {
		languages: [...new Set([...COMMON_LANGUAGES, ...storedLanguages])],
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
