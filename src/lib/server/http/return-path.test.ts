import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './return-path';

const ORIGIN = 'https://maillage.example';

/** What a route reads: the query string value, percent-decoded once by URLSearchParams. */
const fromQuery = (encoded: string) =>
	new URL(`/connexion?suite=${encoded}`, ORIGIN).searchParams.get('suite');

/** Where a browser lands when it follows `Location: <path>` from our origin. */
const landing = (path: string) => new URL(path, ORIGIN);

describe('safeReturnPath', () => {
	it('keeps a path of the site with its query and fragment', () => {
		expect(safeReturnPath('/ok?x=1#y', ORIGIN)).toBe('/ok?x=1#y');
		expect(safeReturnPath('/annuaire/services/nouveau', ORIGIN)).toBe('/annuaire/services/nouveau');
		expect(safeReturnPath(fromQuery('%2Faide%3Fcommune%3DCahors%26rayon%3Dtout'), ORIGIN)).toBe(
			'/aide?commune=Cahors&rayon=tout'
		);
		expect(safeReturnPath('/', ORIGIN)).toBe('/');
	});

	it('normalises what it keeps: dot segments, accents percent-encoded', () => {
		expect(safeReturnPath('/annuaire/../organisations', ORIGIN)).toBe('/organisations');
		expect(safeReturnPath('/aide?q=hébergement', ORIGIN)).toBe('/aide?q=h%C3%A9bergement');
	});

	// each value as it reaches the helper once the query string is decoded
	const hostile: [string, string][] = [
		['backslash', '/\\evil.example/phish'],
		['encoded backslash', fromQuery('/%5Cevil.example/phish')!],
		['encoded tab', fromQuery('/%09/evil.example')!],
		['tab', '/\t/evil.example'],
		['line feed', '/\n/evil.example'],
		['carriage return', '/\r/evil.example'],
		['NUL', '/\u0000/evil.example'],
		['C1 control', '/\u0085/evil.example'],
		['protocol-relative', '//evil.example'],
		['encoded protocol-relative', fromQuery('%2F%2Fevil.example')!],
		['slash backslash slash', '/\\/evil.example'],
		['encoded slash backslash slash', fromQuery('/%5C/evil.example')!],
		['triple slash', '///evil.example'],
		['dot segment to a double slash', '/.//evil.example'],
		['dot-dot segment to a double slash', '/..//evil.example'],
		['encoded dot segment', fromQuery('%2F.%2F%2Fevil.example')!],
		['absolute https', 'https://evil.example/'],
		['absolute, scheme-relative host', 'http:/evil.example'],
		['javascript:', 'javascript:alert(1)'],
		['encoded javascript:', fromQuery('javascript%3Aalert(1)')!],
		['data:', 'data:text/html,<script>alert(1)</script>'],
		['relative path', 'evil.example'],
		['leading space', ' //evil.example'],
		['fullwidth solidus only', '\uFF0F\uFF0Fevil.example'],
		['empty', '']
	];

	it.each(hostile)('refuses %s', (_, value) => {
		expect(safeReturnPath(value, ORIGIN)).toBe('/');
	});

	it('refuses what is not a string (missing parameter, uploaded file)', () => {
		expect(safeReturnPath(null, ORIGIN)).toBe('/');
		expect(safeReturnPath(undefined, ORIGIN)).toBe('/');
		expect(safeReturnPath(new File(['x'], '/x'), ORIGIN)).toBe('/');
	});

	it('keeps look-alike slashes and percent-encoded ones as plain paths of the site', () => {
		// Unicode slashes are no separators: the URL parser percent-encodes them into one path segment
		expect(safeReturnPath('/\u2215evil.example', ORIGIN)).toBe('/%E2%88%95evil.example');
		expect(safeReturnPath('/\uFF0F\uFF0Fevil.example', ORIGIN)).toBe('/%EF%BC%8F%EF%BC%8Fevil.example');
		expect(safeReturnPath('/\u2044evil.example', ORIGIN)).toBe('/%E2%81%84evil.example');
		// still encoded (the query string held it encoded twice): a path segment, never decoded by browsers
		expect(safeReturnPath('/%5Cevil.example', ORIGIN)).toBe('/%5Cevil.example');
		expect(safeReturnPath('/%2F%2Fevil.example', ORIGIN)).toBe('/%2F%2Fevil.example');
		expect(safeReturnPath('/%09/evil.example', ORIGIN)).toBe('/%09/evil.example');
	});

	it('whatever it returns, a browser following it stays on the site', () => {
		const values = [
			...hostile.map(([, v]) => v),
			'/ok?x=1#y',
			'/\u2215evil.example',
			'/%5Cevil.example',
			'/?//evil.example',
			'/#//evil.example',
			'/@evil.example',
			'/:@evil.example'
		];
		for (const value of values) {
			const path = safeReturnPath(value, ORIGIN);
			expect(path, JSON.stringify(value)).toMatch(/^\/(?![/\\])/);
			expect(landing(path).origin, JSON.stringify(value)).toBe(ORIGIN);
		}
	});

	it('compares with the origin it is given, including its port', () => {
		expect(safeReturnPath('/annuaire', 'http://127.0.0.1:5173')).toBe('/annuaire');
		expect(safeReturnPath('/annuaire', new URL('http://127.0.0.1:5173/connexion?suite=x'))).toBe('/annuaire');
	});
});
