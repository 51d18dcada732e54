import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * French phone numbers as people type them ("05 65 23 06 10", "0565230610", "+33 5 65 23 06 10") and the short
 * national numbers of help lines (115, 119, 3919, 3020). Foreign numbers are taken in international form
 * (+32…), since some services sit near a border.
 */
const SHORT_NUMBER = /^(1\d{1,2}|3\d{3})$/;

/** The number in its display form ("05 65 23 06 10", "3919", "+32 2 511 11 11"), or null when it is not one. */
export function normalisePhone(raw: string): string | null {
	const compact = raw.replace(/[\s.\-()]/g, '');
	if (SHORT_NUMBER.test(compact)) return compact;
	const parsed = parsePhoneNumberFromString(raw, 'FR');
	if (!parsed || !parsed.isValid()) return null;
	return parsed.country === 'FR' ? parsed.formatNational() : parsed.formatInternational();
}

export const isPhone = (raw: string) => normalisePhone(raw) !== null;
