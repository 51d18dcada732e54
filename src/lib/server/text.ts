/** Removes diacritics: "Hélène Céré" → "Helene Cere" (names, slugs, search keys). */
export const foldAccents = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '');

/**
 * Characters no text field accepts: control characters (C0, DEL, C1; NUL cannot even be stored by PostgreSQL)
 * and lone UTF-16 surrogates (JSON lets "\ud800" through, but it is not Unicode and cannot be written as UTF-8).
 * With the u flag, \p{Cs} only matches a surrogate that is not part of a pair.
 * Multi-line texts (descriptions) may hold tabs and line breaks; single-line ones (names, e-mails) may not.
 */
const FORBIDDEN_SINGLE_LINE = /[\p{Cc}\p{Cs}]/u;
const FORBIDDEN_MULTI_LINE = /[^\P{Cc}\t\n\r]|\p{Cs}/u;

/** Whole-string patterns of the allowed texts (zod regex, and `pattern` in the OpenAPI document). */
export const SINGLE_LINE_TEXT = /^[^\p{Cc}\p{Cs}]*$/u;
export const MULTI_LINE_TEXT = /^(?:[^\p{Cc}\p{Cs}]|[\t\n\r])*$/u;

/** Does this text hold a character that no field accepts (see above)? */
export const hasForbiddenCharacter = (text: string, options: { multiline?: boolean } = {}) =>
	(options.multiline === false ? FORBIDDEN_SINGLE_LINE : FORBIDDEN_MULTI_LINE).test(text);
