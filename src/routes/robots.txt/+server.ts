import { publicBaseUrl } from '$lib/server/http/base-url';
import type { RequestHandler } from './$types';

/** The public portal is for search engines; the partners' app, the API and the forms are not. */
export const GET: RequestHandler = ({ url }) =>
	new Response(
		[
			'User-agent: *',
			'Allow: /',
			'Disallow: /api/',
			'Disallow: /organisations',
			'Disallow: /admin',
			'Disallow: /annuaire',
			'Disallow: /connexion',
			'Disallow: /deconnexion',
			'Disallow: /invitation/',
			'Disallow: /langue',
			'Disallow: /auth/',
			'',
			`Sitemap: ${publicBaseUrl(url)}/sitemap.xml`,
			''
		].join('\n'),
		{ headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=86400' } }
	);
