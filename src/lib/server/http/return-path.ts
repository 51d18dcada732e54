/**
 * Where to send someone back after signing in or switching language (`?suite=`, `next=`): a path of this site,
 * or `/`. A check on the first characters is not enough: browsers read `/\evil.example` and `/<tab>/evil.example`
 * as `//evil.example`, another site. So the value is refused when it could be read two ways (backslash, control
 * characters, tab, line breaks, `//`), then parsed against our origin the way a browser would parse a Location
 * header, and kept only if the origin is still ours and the normalised path still starts with a single `/`
 * (`/.//evil.example` normalises to `//evil.example`).
 */
export function safeReturnPath(value: unknown, origin: string | URL): string {
	if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return '/';
	// C0 and C1 controls (tab, CR, LF among them), DEL and backslash
	// eslint-disable-next-line no-control-regex -- control characters are what this looks for
	if (/[\u0000-\u001f\u007f-\u009f\\]/.test(value)) return '/';
	const base = new URL(origin);
	let url: URL;
	try {
		url = new URL(value, base);
	} catch {
		return '/';
	}
	if (url.origin !== base.origin || url.pathname.startsWith('//')) return '/';
	return url.pathname + url.search + url.hash;
}
