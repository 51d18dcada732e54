import type { PublicSheet } from './sheet';

/**
 * schema.org structured data for a public service sheet, for search engines (Google, Qwant, Bing read JSON-LD).
 * A data·inclusion service maps to a schema.org Service: provider = the structure (Organization),
 * areaServed = the eligibility zone, availableChannel = where and how to reach it.
 */
export function serviceJsonLd(
	sheet: PublicSheet,
	url: string,
	labels: { thematique: (code: string) => string; public: (code: string) => string }
) {
	const { service, structure } = sheet;
	const address = postalAddress(sheet);
	const provider = compact({
		'@type': 'Organization',
		name: structure.name,
		url: structure.website ?? undefined,
		telephone: structure.phone ?? undefined,
		email: structure.email ?? undefined,
		address: structure.address ? structureAddress(sheet) : undefined
	});
	const place =
		address || sheet.coordinates
			? compact({
					'@type': 'Place',
					name: structure.name,
					address,
					geo: sheet.coordinates
						? {
								'@type': 'GeoCoordinates',
								latitude: sheet.coordinates.latitude,
								longitude: sheet.coordinates.longitude
							}
						: undefined
				})
			: undefined;
	const phone = sheet.contact.phone;
	return compact({
		'@context': 'https://schema.org',
		'@type': 'Service',
		'@id': `${url}#service`,
		url,
		name: service.name,
		description: service.description,
		serviceType: service.thematiques.map(labels.thematique),
		audience: service.publics.length
			? service.publics.map((p) => ({ '@type': 'Audience', audienceType: labels.public(p) }))
			: undefined,
		provider,
		areaServed: sheet.zone.length
			? sheet.zone.map((z) =>
					z.type === 'france'
						? { '@type': 'Country', name: 'France' }
						: { '@type': 'AdministrativeArea', name: z.name, identifier: z.code }
				)
			: sheet.communeName
				? { '@type': 'City', name: sheet.communeName }
				: undefined,
		offers:
			service.fees === 'gratuit'
				? { '@type': 'Offer', price: '0', priceCurrency: 'EUR' }
				: service.fees === 'payant' && service.feesDetails
					? { '@type': 'Offer', description: service.feesDetails, priceCurrency: 'EUR' }
					: undefined,
		availableChannel: compact({
			'@type': 'ServiceChannel',
			serviceUrl: service.mobilisationUrl ?? undefined,
			servicePhone: phone ? { '@type': 'ContactPoint', telephone: phone } : undefined,
			serviceLocation: place,
			availableLanguage: service.languages.length ? service.languages : undefined
		})
	});
}

function postalAddress(sheet: PublicSheet) {
	const a = sheet.contact;
	if (!a.address && !a.postalCode && !sheet.communeName) return undefined;
	return compact({
		'@type': 'PostalAddress',
		streetAddress: [a.address, a.addressComplement].filter(Boolean).join(', ') || undefined,
		postalCode: a.postalCode ?? undefined,
		addressLocality: sheet.communeName ?? undefined,
		addressCountry: 'FR'
	});
}

function structureAddress(sheet: PublicSheet) {
	const s = sheet.structure;
	return compact({
		'@type': 'PostalAddress',
		streetAddress: [s.address, s.addressComplement].filter(Boolean).join(', ') || undefined,
		postalCode: s.postalCode ?? undefined,
		addressLocality: sheet.structureCommuneName ?? undefined,
		addressCountry: 'FR'
	});
}

/** Drops undefined members so the JSON stays small. */
function compact<T extends Record<string, unknown>>(value: T): T {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The JSON as the body of an inline <script type="application/ld+json">. Everything that could end the script
 * element or open a comment or a CDATA section (`<`, `>`, `&`) is written as a \u escape, and so are the two
 * line separators older parsers choke on: no text typed by a partner can escape into the page as markup.
 * JSON parsers read the escapes back as the same characters.
 */
export function serializeJsonLd(value: unknown): string {
	return JSON.stringify(value)
		.replace(/</g, '\\u003c')
		.replace(/>/g, '\\u003e')
		.replace(/&/g, '\\u0026')
		.replace(/\u2028/g, '\\u2028')
		.replace(/\u2029/g, '\\u2029');
}

/**
 * The whole element, for {@html} in <svelte:head>. It is a data block, not a script: browsers neither run it nor
 * check it against script-src, so it needs no CSP hash or nonce (the browser test checks no violation is reported).
 */
export const jsonLdElement = (value: unknown) =>
	`<script type="application/ld+json">${serializeJsonLd(value)}</script>`;
