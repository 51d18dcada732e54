import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { contextOf } from '$lib/server/api/operation';
import { NotFoundError } from '$lib/server/errors';
import { publicBaseUrl } from '$lib/server/http/base-url';
import { publicSheet, routeLinks } from '$lib/server/portal/sheet';
import { jsonLdElement, serviceJsonLd } from '$lib/server/portal/json-ld';
import { openState, readableHours } from '$lib/server/portal/hours';
import { translator } from '$lib/i18n';
import { glossaryTermsOfService } from '$lib/server/glossary/service';
import { publishedFeedbackOfService } from '$lib/server/feedback/service';
import { FEEDBACK_MISSING } from '$lib/server/feedback/schema';
import type { PageServerLoad } from './$types';

/** The public sheet of a service: printable, shareable, described for search engines (JSON-LD). */
export const load: PageServerLoad = async (event) => {
	const t = translator(event.locals.locale);
	const id = z.uuid().safeParse(event.params.id);
	if (!id.success) error(404, t('portal.sheet.notFound'));
	const sheet = await publicSheet(contextOf(event), id.data).catch((e: unknown) => {
		if (e instanceof NotFoundError) error(404, t('portal.sheet.notFound'));
		throw e;
	});
	const url = `${publicBaseUrl(event.url)}/aide/services/${sheet.service.id}`;
	const languageNames = new Intl.DisplayNames([event.locals.locale], { type: 'language' });
	return {
		sheet,
		feedback: await publishedFeedbackOfService(contextOf(event), sheet.service.id),
		missingChoices: FEEDBACK_MISSING,
		glossary: await glossaryTermsOfService(contextOf(event), sheet.service.id, [sheet.service.description]),
		url,
		phoneHref: sheet.contact.phone ? `tel:${sheet.contact.phone.replace(/[^\d+]/g, '')}` : null,
		hours: sheet.contact.openingHours
			? readableHours(sheet.contact.openingHours, event.locals.locale, t)
			: null,
		open: openState(sheet.contact.openingHours, new Date(), event.locals.locale, t),
		route: routeLinks(
			sheet.coordinates,
			[sheet.contact.address, sheet.contact.postalCode, sheet.communeName].filter(Boolean).join(' ') || null
		),
		languages: sheet.service.languages.map((code) => languageNames.of(code) ?? code),
		jsonLd: jsonLdElement(
			serviceJsonLd(sheet, url, {
				thematique: (code) => t(`codes.thematique.${code}`),
				public: (code) => t(`codes.public.${code}`)
			})
		)
	};
};
