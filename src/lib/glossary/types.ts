/** A glossary term as the markup and the pages use it (the server's effective glossary of a place). */
export interface GlossaryEntry {
	/** slug, also the anchor of the term on the glossary page (#ccas) */
	key: string;
	/** as shown: an acronym (CCAS) or a phrase (sortie sèche) */
	term: string;
	longForm: string | null;
	/** plain French, one to three sentences */
	definition: string;
	/** other written forms matched in texts: long form, plurals, variants without accents */
	aliases: string[];
	source: { name: string; url: string | null } | null;
	/** the territory that wrote it (a local or overridden term), whose glossary page shows it */
	territory?: { type: string; code: string } | null;
}

/** What the markup needs of an entry (the page data carries only the terms a text uses). */
export type GlossaryTip = Pick<GlossaryEntry, 'key' | 'term' | 'longForm' | 'definition' | 'territory'>;
