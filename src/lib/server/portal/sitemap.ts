import { sql } from 'drizzle-orm';
import type { Context } from '../context';
import { rows } from '../db/client';
import { authorize } from '../policy/policy';
import { LIFE_EVENTS } from '../directory/life-events';

/**
 * sitemap.xml of the public portal (sitemaps.org 0.9): the home, the life events and every service sheet.
 * A sitemap file holds at most 50,000 URLs; beyond that /sitemap.xml becomes a sitemap index whose parts are
 * /sitemap.xml?partie=1, 2, … (each a urlset of up to 50,000 URLs, the static pages first).
 */
export const SITEMAP_LIMIT = 50_000;

export interface SitemapUrl {
	loc: string;
	/** YYYY-MM-DD */
	lastmod?: string;
}

export interface SitemapSource {
	/** paths of the pages that are not service sheets, home first */
	staticPaths: string[];
	countServices(): Promise<number>;
	/** service ids with their last change, in a stable order */
	services(offset: number, limit: number): Promise<{ id: string; lastmod: string }[]>;
}

export type SitemapResult = { status: 200; xml: string } | { status: 404 };

export const PORTAL_STATIC_PATHS = [
	'/',
	'/aide/situations',
	...LIFE_EVENTS.map((e) => `/aide/situations/${e.slug}`),
	'/glossaire'
];

const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

export const xmlEscape = (text: string) =>
	text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');

const entry = (tag: 'url' | 'sitemap', u: SitemapUrl) =>
	`<${tag}><loc>${xmlEscape(u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod}</lastmod>` : ''}</${tag}>`;

export const urlsetXml = (urls: SitemapUrl[]) =>
	`<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${NS}">\n${urls.map((u) => entry('url', u)).join('\n')}\n</urlset>\n`;

export const sitemapIndexXml = (maps: SitemapUrl[]) =>
	`<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${NS}">\n${maps.map((m) => entry('sitemap', m)).join('\n')}\n</sitemapindex>\n`;

/** part = null: /sitemap.xml itself (the whole urlset, or the index when too big); else that part. */
export async function buildSitemap(
	source: SitemapSource,
	baseUrl: string,
	part: number | null,
	limit = SITEMAP_LIMIT
): Promise<SitemapResult> {
	const fixed = source.staticPaths.length;
	const total = fixed + (await source.countServices());
	const parts = Math.max(1, Math.ceil(total / limit));
	if (part === null && parts > 1) {
		const maps = Array.from({ length: parts }, (_, i) => ({ loc: `${baseUrl}/sitemap.xml?partie=${i + 1}` }));
		return { status: 200, xml: sitemapIndexXml(maps) };
	}
	const index = part ?? 1;
	if (!Number.isInteger(index) || index < 1 || index > parts) return { status: 404 };
	const start = (index - 1) * limit;
	const end = Math.min(start + limit, total);
	const urls: SitemapUrl[] = source.staticPaths
		.slice(start, Math.min(end, fixed))
		.map((path) => ({ loc: baseUrl + path }));
	const serviceStart = Math.max(0, start - fixed);
	const serviceCount = end - Math.max(start, fixed);
	if (serviceCount > 0) {
		for (const s of await source.services(serviceStart, serviceCount))
			urls.push({ loc: `${baseUrl}/aide/services/${s.id}`, lastmod: s.lastmod });
	}
	return { status: 200, xml: urlsetXml(urls) };
}

/** The directory as a sitemap source: every service is public. */
export function directorySitemapSource(ctx: Context): SitemapSource {
	authorize(ctx.actor, 'read', 'service');
	return {
		staticPaths: PORTAL_STATIC_PATHS,
		async countServices() {
			const [row] = await rows<{ n: number }>(ctx.db, sql`select count(*)::int as n from services`);
			return row?.n ?? 0;
		},
		services: (offset, limit) =>
			rows<{ id: string; lastmod: string }>(
				ctx.db,
				sql`select id, to_char(greatest(updated_at, last_checked_at) at time zone 'UTC', 'YYYY-MM-DD') as lastmod
					from services order by id limit ${limit} offset ${offset}`
			)
	};
}
