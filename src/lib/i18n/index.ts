import i18next, { type TFunction } from 'i18next';
import frCommon from './messages/fr.json';
import enCommon from './messages/en.json';
import frCodes from './messages/codes.fr.json';
import enCodes from './messages/codes.en.json';
import frPortal from './messages/portal.fr.json';
import enPortal from './messages/portal.en.json';
import frDirectory from './messages/directory.fr.json';
import enDirectory from './messages/directory.en.json';
import frImporter from './messages/importer.fr.json';
import enImporter from './messages/importer.en.json';
import frHsds from './messages/hsds.fr.json';
import enHsds from './messages/hsds.en.json';
import frCorrections from './messages/corrections.fr.json';
import enCorrections from './messages/corrections.en.json';
import frPartners from './messages/partners.fr.json';
import enPartners from './messages/partners.en.json';
import frLegal from './messages/legal.fr.json';
import enLegal from './messages/legal.en.json';
import frSearch from './messages/search.fr.json';
import enSearch from './messages/search.en.json';
import frCooperations from './messages/cooperations.fr.json';
import enCooperations from './messages/cooperations.en.json';
import frGovernance from './messages/governance.fr.json';
import enGovernance from './messages/governance.en.json';
import frGlossary from './messages/glossary.fr.json';
import enGlossary from './messages/glossary.en.json';
import frDecisions from './messages/decisions.fr.json';
import enDecisions from './messages/decisions.en.json';
import frCharters from './messages/charters.fr.json';
import enCharters from './messages/charters.en.json';
import frNotifications from './messages/notifications.fr.json';
import enNotifications from './messages/notifications.en.json';
import frPersons from './messages/persons.fr.json';
import enPersons from './messages/persons.en.json';
import frFollowup from './messages/followup.fr.json';
import enFollowup from './messages/followup.en.json';
import frReferrals from './messages/referrals.fr.json';
import enReferrals from './messages/referrals.en.json';
import frFund from './messages/fund.fr.json';
import enFund from './messages/fund.en.json';
import frRights from './messages/rights.fr.json';
import enRights from './messages/rights.en.json';
import frPingpong from './messages/pingpong.fr.json';
import enPingpong from './messages/pingpong.en.json';
import frNeeds from './messages/needs.fr.json';
import enNeeds from './messages/needs.en.json';
import frFeedback from './messages/feedback.fr.json';
import enFeedback from './messages/feedback.en.json';
import frForums from './messages/forums.fr.json';
import enForums from './messages/forums.en.json';
import { DEFAULT_LOCALE, type Locale } from './locales';

/** One catalogue per language, split by area (each file holds one top-level key) so modules do not collide. */
export const catalogues = {
	fr: {
		...frCommon,
		...frCodes,
		...frPortal,
		...frDirectory,
		...frImporter,
		...frHsds,
		...frCorrections,
		...frPartners,
		...frLegal,
		...frSearch,
		...frCooperations,
		...frGovernance,
		...frGlossary,
		...frDecisions,
		...frCharters,
		...frNotifications,
		...frPersons,
		...frFollowup,
		...frReferrals,
		...frFund,
		...frRights,
		...frPingpong,
		...frNeeds,
		...frFeedback,
		...frForums,
		// field messages of an area are read as validation.<key>: cooperation.* comes from its own catalogue
		validation: {
			...frCommon.validation,
			cooperation: frCooperations.cooperations.validation,
			decisions: frDecisions.decisions,
			charters: frCharters.charters.validation,
			persons: frPersons.persons.validation,
			followup: frFollowup.followup.validation,
			referrals: frReferrals.referrals.validation,
			fund: frFund.fund.validation,
			rights: frRights.rights.validation,
			pingpong: frPingpong.pingpong.validation,
			need: frNeeds.needs.validation,
			feedback: frFeedback.feedback.validation,
			forums: frForums.forums.validation
		},
		errors: {
			...frCommon.errors,
			charters: frCharters.charters.errors,
			persons: frPersons.persons.errors,
			followup: frFollowup.followup.errors,
			referrals: frReferrals.referrals.errors,
			fund: frFund.fund.errors,
			rights: frRights.rights.errors,
			pingpong: frPingpong.pingpong.errors,
			needs: frNeeds.needs.errors,
			feedback: frFeedback.feedback.errors,
			forums: frForums.forums.errors
		}
	},
	en: {
		...enCommon,
		...enCodes,
		...enPortal,
		...enDirectory,
		...enImporter,
		...enHsds,
		...enCorrections,
		...enPartners,
		...enLegal,
		...enSearch,
		...enCooperations,
		...enGovernance,
		...enGlossary,
		...enDecisions,
		...enCharters,
		...enNotifications,
		...enPersons,
		...enFollowup,
		...enReferrals,
		...enFund,
		...enRights,
		...enPingpong,
		...enNeeds,
		...enFeedback,
		...enForums,
		validation: {
			...enCommon.validation,
			cooperation: enCooperations.cooperations.validation,
			decisions: enDecisions.decisions,
			charters: enCharters.charters.validation,
			persons: enPersons.persons.validation,
			followup: enFollowup.followup.validation,
			referrals: enReferrals.referrals.validation,
			fund: enFund.fund.validation,
			rights: enRights.rights.validation,
			pingpong: enPingpong.pingpong.validation,
			need: enNeeds.needs.validation,
			feedback: enFeedback.feedback.validation,
			forums: enForums.forums.validation
		},
		errors: {
			...enCommon.errors,
			charters: enCharters.charters.errors,
			persons: enPersons.persons.errors,
			followup: enFollowup.followup.errors,
			referrals: enReferrals.referrals.errors,
			fund: enFund.fund.errors,
			rights: enRights.rights.errors,
			pingpong: enPingpong.pingpong.errors,
			needs: enNeeds.needs.errors,
			feedback: enFeedback.feedback.errors,
			forums: enForums.forums.errors
		}
	}
};

/** One i18next instance, initialised synchronously with both catalogues (they are small and bundled). */
const instance = i18next.createInstance();
void instance.init({
	resources: { fr: { translation: catalogues.fr }, en: { translation: catalogues.en } },
	lng: DEFAULT_LOCALE,
	fallbackLng: DEFAULT_LOCALE,
	initAsync: false,
	interpolation: { escapeValue: false },
	returnNull: false
});

export type Translate = TFunction;

export const translator = (locale: Locale): Translate => instance.getFixedT(locale);

/** Dates and numbers follow the interface language. */
export function formatters(locale: Locale) {
	const tag = locale === 'fr' ? 'fr-FR' : 'en-GB';
	const number = new Intl.NumberFormat(tag);
	const date = new Intl.DateTimeFormat(tag, { dateStyle: 'long' });
	const dateTime = new Intl.DateTimeFormat(tag, {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone: 'Europe/Paris'
	});
	return {
		number: (n: number) => number.format(n),
		date: (d: Date | string) => date.format(new Date(d)),
		dateTime: (d: Date | string) => dateTime.format(new Date(d))
	};
}
