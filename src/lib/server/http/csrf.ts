const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests sent by another site, whatever their content type
 * (SvelteKit only checks form posts). Clients without Origin nor Sec-Fetch-Site (curl, scripts) pass:
 * a forged browser request always carries one of them. The origin must be ours exactly: a prefix or
 * case-insensitive match would let `https://<our host>.evil.example` or another port through, and an
 * Origin header that is present but empty or `null` is not ours either.
 */
export function crossSiteRequest(request: Request, url: URL): boolean {
	if (SAFE.has(request.method)) return false;
	const origin = request.headers.get('origin');
	if (origin !== null) return origin !== url.origin;
	const site = request.headers.get('sec-fetch-site');
	return site !== null && site !== 'same-origin' && site !== 'none';
}
