/** Removes diacritics: "Hélène Céré" → "Helene Cere" (names, slugs, search keys). */
export const foldAccents = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '');
