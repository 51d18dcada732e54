import type { Translate } from '$lib/i18n';

/** Which catalogue holds the labels of a coded field's values. */
const CODE_KEYS: Record<string, string> = {
	thematiques: 'thematique',
	publics: 'public',
	receptionModes: 'modeAccueil',
	mobilisationModes: 'modeMobilisation',
	mobilisableBy: 'mobilisablePar',
	type: 'type',
	fees: 'frais'
};

/** A value of the history, as a person reads it: labels for codes, "(vide)" for nothing. */
export function formatHistoryValue(t: Translate, field: string, value: unknown): string {
	const codeKey = CODE_KEYS[field];
	const one = (v: unknown) =>
		codeKey && typeof v === 'string' ? t(`codes.${codeKey}.${v}`, { defaultValue: v }) : String(v);
	if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
		return t('directory.service.history.empty');
	if (typeof value === 'boolean')
		return t(value ? 'directory.service.history.yes' : 'directory.service.history.no');
	if (Array.isArray(value)) return value.map(one).join(', ');
	const text = one(value);
	return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
