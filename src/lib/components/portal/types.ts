/** View models of the portal pages, built on the server (src/lib/server/portal/view.ts). */

export interface PlaceLink {
	code: string;
	name: string;
	context: string | null;
	href: string;
}

export type PlaceView =
	| { status: 'none' }
	| {
			status: 'resolved';
			name: string;
			code: string;
			postalCode: string | null;
			others: PlaceLink[];
			/** the name typed was a typo of this commune's (its département, to tell homonyms apart) */
			corrected: boolean;
			context: string | null;
	  }
	| { status: 'ambiguous'; typed: string; choices: PlaceLink[] }
	| { status: 'notFound'; typed: string };

export interface ResultItem {
	id: string;
	name: string;
	structureName: string;
	communeName: string | null;
	distanceKm: number | null;
	/** 'near': within the radius; 'covers': its zone covers the person's commune (ADR 010) */
	reach: 'near' | 'covers' | null;
	thematiques: string[];
	fees: string | null;
	outreach: boolean;
	lastCheckedAt: string;
	isDemo: boolean;
	/** the service's own opening hours (OSM syntax), for the "open now" line */
	openingHours?: string | null;
	/** « Ouvert maintenant, ferme à 17 h »: added by the page (src/lib/server/portal/hours.ts withOpenState) */
	open?: { open: boolean; label: string } | null;
}

export interface FacetOption {
	code: string;
	count: number;
	checked: boolean;
}

export interface FilterGroup {
	/** query parameter: thematique, public, mode, frais, type */
	param: string;
	/** catalogue prefix of the labels: codes.thematique, codes.public… */
	labels: string;
	options: FacetOption[];
}

export interface PagerView {
	page: number;
	pages: number;
	previous: string | null;
	next: string | null;
	/** a window of pages around the current one */
	links: { page: number; href: string }[];
}
