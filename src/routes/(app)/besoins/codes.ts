import { CATEGORIES, PUBLICS, THEMATIQUES, categoryOf } from '$lib/server/directory/codes';
import { NEED_EXPERTISE, NEED_SOURCES, NEED_STATUSES } from '$lib/server/needs/schema';
import { NEED_TERRITORY_TYPES } from '$lib/server/needs/validation';

/** The lists the needs pages offer: the directory referential's thématiques and publics, and the needs' own codes. */
export const needCodes = () => ({
	categories: CATEGORIES.map((category) => ({
		category,
		thematiques: THEMATIQUES.filter((code) => code.includes('--') && categoryOf(code) === category)
	})),
	publics: [...PUBLICS],
	sources: [...NEED_SOURCES],
	expertises: [...NEED_EXPERTISE],
	statuses: [...NEED_STATUSES],
	territoryTypes: [...NEED_TERRITORY_TYPES]
});
export type NeedCodes = ReturnType<typeof needCodes>;

/** A need form's fields as the services read them: repeated checkboxes become lists. */
export function needFormValues(form: FormData) {
	const text = (k: string) => {
		const v = form.get(k);
		return typeof v === 'string' ? v : undefined;
	};
	const all = (k: string) => form.getAll(k).filter((v): v is string => typeof v === 'string');
	return {
		organisationId: text('organisationId'),
		title: text('title'),
		description: text('description'),
		themes: all('themes'),
		territoryType: text('territoryType'),
		territoryCode: text('territoryCode'),
		publics: all('publics'),
		source: text('source'),
		expertise: text('expertise'),
		evidenceText: text('evidenceText'),
		evidenceUrl: text('evidenceUrl'),
		status: text('status')
	};
}
