import { translator } from '../../../i18n/index';
import type { Locale } from '../../../i18n/locales';
import type { ImportIssue } from './types';

type Pending = Omit<ImportIssue, 'message'>;

/**
 * The sentence of an issue, from the importer catalogue (importer.issues.*; the HSDS reader's own codes "hsds.x"
 * from hsds.issues.x); French by default.
 */
export function issueMessage(issue: Pick<ImportIssue, 'code' | 'value'>, locale: Locale = 'fr'): string {
	const t = translator(locale);
	// "Valeur non valide" quotes the value; only a value that cannot be shown (absent) gets the bare sentence
	if (issue.code === 'invalid' && !issue.value) return t('importer.issues.producer.invalidEmpty');
	const key = issue.code.startsWith('hsds.')
		? `hsds.issues.${issue.code.slice(5)}`
		: `importer.issues.${issue.code}`;
	return t(key, {
		value: issue.value ?? '',
		defaultValue: t('importer.issues.invalid', { value: issue.value ?? '' })
	});
}

export function describeIssue(issue: Pending): ImportIssue {
	return { ...issue, message: issueMessage(issue) };
}

/** The same report in another language (the API and the page follow the reader's language). */
export const translateIssues = (issues: ImportIssue[], locale: Locale) =>
	locale === 'fr' ? issues : issues.map((i) => ({ ...i, message: issueMessage(i, locale) }));
