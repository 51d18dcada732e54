import { error } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { publicBaseUrl } from '$lib/server/http/base-url';
import { buildSitemap, directorySitemapSource } from '$lib/server/portal/sitemap';
import type { RequestHandler } from './$types';

/** /sitemap.xml (or its parts /sitemap.xml?partie=N when the directory holds more than 50,000 sheets). */
export const GET: RequestHandler = async (event) => {
	const raw = event.url.searchParams.get('partie');
	const part = raw === null ? null : /^[1-9][0-9]{0,5}$/.test(raw) ? Number(raw) : NaN;
	if (Number.isNaN(part)) error(404);
	const result = await buildSitemap(directorySitemapSource(contextOf(event)), publicBaseUrl(event.url), part);
	if (result.status === 404) error(404);
	return new Response(result.xml, {
		headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=3600' }
	});
};
