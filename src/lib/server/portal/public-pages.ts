import { LIFE_EVENTS } from '../directory/life-events';

/**
 * Every kind of public page, as a path a browser can open. The browser test walks this list (no horizontal
 * scroll at 320 px, zero axe violations) and the accessibility statement lists it as the pages tested; a
 * service sheet (its id depends on the data) is added by both.
 */
export const PUBLIC_PAGES: readonly string[] = [
	'/',
	'/aide',
	'/aide?commune=Cahors&rayon=tout',
	'/aide?q=logement&commune=46102&rayon=tout&frais=gratuit',
	'/aide?commune=saint-cirq-l',
	'/aide?q=Zzzzville',
	'/aide/situations',
	...LIFE_EVENTS.map((e) => `/aide/situations/${e.slug}?commune=46042`),
	'/territoires',
	'/territoires?q=figeac',
	'/territoires/departement/46',
	'/territoires/epci/200023737',
	'/territoires/commune/46042',
	'/accessibilite',
	'/mentions-legales',
	'/donnees-personnelles',
	'/glossaire',
	'/glossaire?q=centre%20communal&territoire=departement:46',
	'/connexion',
	'/langue'
];
