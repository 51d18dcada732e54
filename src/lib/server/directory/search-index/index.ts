import { categoryOf } from '../codes';
import {
	EARTH_RADIUS_M,
	haversine,
	NAME_BOOST,
	PUBLIC_BOOST,
	WORD_IN_DESCRIPTION,
	WORD_IN_NAME,
	type FacetRow,
	type SearchPage,
	type SearchSpec
} from '../search-spec';
import { CodeSets } from './code-sets';
import { Float64Column, Int32Column, Int32Lists, Interner } from './columns';
import { CELL_COLUMNS, CELL_DEGREES } from './cells';
import { encode, inNameOf, ordinalOf, Postings, seek } from './postings';
import { TopK } from './top-k';
import { compareCodeUnits, lowerBound } from './vocabulary';

/** A service as the index reads it (load.ts). */
export interface IndexedService {
	id: string;
	/** accent-free name (name_normalized) */
	name: string;
	latitude: number | null;
	longitude: number | null;
	fees: string | null;
	type: string | null;
	thematiques: string[];
	publics: string[];
	receptionModes: string[];
	eligibilityZone: string[];
	communeCode: string | null;
	/** lexemes of search_vector, and those found in the name (weight A) */
	lexemes: string[];
	nameLexemes: string[];
	/** grid cell of the coordinates (load.ts), when the build reads services in cell order */
	cell?: number | null;
}

/** A query word as the index reads it: its French stem, and whether it stands for every lexeme it starts. */
export interface QueryTerm {
	word: string;
	lexeme: string;
	prefix: boolean;
}

/**
 * The text of a query as the index reads it (search-spec.ts TextSpec): groups of alternatives, each
 * alternative a conjunction of terms; `words` for the name boost.
 */
export interface QueryText {
	words: string[];
	groups: QueryTerm[][][];
}

type Facet = 'thematique' | 'categorie' | 'public' | 'receptionMode' | 'fees' | 'type';

/**
 * The directory's services in memory, by columns: full-text postings with a name flag per document,
 * thématique postings, and per document its name, id, coordinates, codes (facet values, as small integers),
 * commune and eligibility zones. Documents are numbered in the order they are added; a changed service is
 * removed (its number marked dead) and added again, so postings stay sorted by appending.
 * handle.ts keeps it in step with the database.
 */
export class SearchIndex {
	private readonly ids: string[] = [];
	/** 1 for a removed (or replaced) document */
	private readonly deadFlags = new Int32Column();
	private readonly names: string[] = [];
	/** per document: the id of its name among the distinct names (many services share a name) */
	private readonly nameIds = new Int32Column();
	private readonly distinctNames = new Interner();
	private readonly latitudes = new Float64Column();
	private readonly longitudes = new Float64Column();
	private readonly communes = new Int32Column();
	private readonly cells = new Int32Column();
	/** documents [0, sortedCount) were added in cell order: a radius reads a few runs of them (rangesNear) */
	private sortedCount = 0;
	/** per document: its set of facet codes (code-sets.ts), and its eligibility zones (ids of `places`) */
	private readonly docSets = new Int32Column();
	private readonly sets = new CodeSets();
	private readonly docZones = new Int32Lists();
	private readonly codes = new Interner();
	private readonly facetOfCode: Facet[] = [];
	/** the code's value without its facet ('gratuit' for 'fees:gratuit') */
	private readonly valueOfCode: string[] = [];
	private readonly places = new Interner();
	private readonly ordinalById = new Map<string, number>();
	private readonly terms = new Map<string, Postings>();
	private readonly byThematique = new Map<number, Postings>();
	/** documents per commune (where they are) and per eligibility zone code (ids of `places`) */
	private readonly byCommune = new Map<number, Postings>();
	private readonly byZone = new Map<number, Postings>();
	private sortedTerms: string[] | null = null;
	/** position of each document in (name, id) order; recomputed after changes, when a query needs it */
	private nameRank = new Int32Array(0);
	/** document numbers in (name, id) order, dead ones included; and those added since it was computed */
	private byName = new Int32Array(0);
	private pendingNames: number[] = [];
	/** per code set: the positions in byName of its documents, ascending (computed with byName) */
	private setsByName: Int32Array[] = [];
	private dead = 0;

	get size() {
		return this.ordinalById.size;
	}

	/** Worth rebuilding: dead document numbers are a quarter of all, and at least a thousand. */
	get wasteful() {
		return this.dead >= 1_000 && this.dead / this.ids.length > 0.25;
	}

	/** Adds or replaces a service. */
	put(service: IndexedService) {
		this.remove(service.id);
		const ordinal = this.ids.length;
		this.ids.push(service.id);
		this.deadFlags.push(0);
		const nameId = this.distinctNames.id(service.name);
		this.nameIds.push(nameId);
		this.names.push(this.distinctNames.values[nameId]!);
		this.latitudes.push(service.latitude ?? NaN);
		this.longitudes.push(service.longitude ?? NaN);
		const commune = service.communeCode === null ? -1 : this.places.id(service.communeCode);
		this.communes.push(commune);
		if (commune >= 0) appendTo(this.byCommune, commune, ordinal);
		this.cells.push(service.cell ?? NO_CELL);
		const zones = service.eligibilityZone.map((z) => this.places.id(z));
		this.docZones.push(zones);
		for (const zone of zones) appendTo(this.byZone, zone, ordinal);
		const codes = new Set<number>();
		const add = (facet: Facet, value: string) => {
			const id = this.codes.id(`${facet}:${value}`);
			this.facetOfCode[id] = facet;
			this.valueOfCode[id] = value;
			codes.add(id);
			return id;
		};
		for (const t of service.thematiques) {
			const id = add('thematique', t);
			add('categorie', categoryOf(t));
			let list = this.byThematique.get(id);
			if (!list) this.byThematique.set(id, (list = new Postings()));
			if (list.length === 0 || list.values[list.length - 1] !== ordinal) list.push(ordinal);
		}
		for (const p of service.publics) add('public', p);
		for (const r of service.receptionModes) add('receptionMode', r);
		if (service.fees !== null) add('fees', service.fees);
		if (service.type !== null) add('type', service.type);
		const set = this.sets.id([...codes]);
		this.sets.alive.values[set]!++;
		this.docSets.push(set);
		this.ordinalById.set(service.id, ordinal);
		const inName = new Set(service.nameLexemes);
		for (const lexeme of new Set(service.lexemes)) {
			let list = this.terms.get(lexeme);
			if (!list) {
				this.terms.set(lexeme, (list = new Postings()));
				this.sortedTerms = null;
			}
			list.push(encode(ordinal, inName.has(lexeme)));
		}
		this.pendingNames.push(ordinal);
	}

	/**
	 * Declares every document added so far to be in cell order (a build reads them so): from now on a
	 * radius reads only the runs of documents whose cell is near. Documents added later are always read.
	 */
	markCellOrder() {
		for (let i = 1; i < this.ids.length; i++)
			if (this.cells.values[i]! < this.cells.values[i - 1]!)
				throw new Error('documents are not in cell order');
		this.sortedCount = this.ids.length;
	}

	remove(id: string) {
		const ordinal = this.ordinalById.get(id);
		if (ordinal === undefined) return;
		this.deadFlags.values[ordinal] = 1;
		this.sets.alive.values[this.docSets.values[ordinal]!]!--;
		// a removed document fails every filter at the cost of the code-set test alone
		this.docSets.values[ordinal] = this.sets.dead;
		this.ordinalById.delete(id);
		this.dead++;
	}

	/** Does some document hold this lexeme (or, with `prefix`, a lexeme starting with it)? */
	hasTerm(lexeme: string, prefix: boolean): boolean {
		for (const list of this.termLists(lexeme, prefix))
			for (let i = 0; i < list.length; i++) if (this.isAlive(ordinalOf(list.values[i]!))) return true;
		return false;
	}

	/**
	 * One pass over the candidates (the rarest term's postings, else the narrowest thématique's, else every
	 * document), cheapest tests first: the radius box, alive, the other terms (galloping search in their
	 * sorted postings), filters, exact distance; then count, facets and the top of the page.
	 */
	search(spec: SearchSpec, textOrTerms: QueryText | QueryTerm[] | null): SearchPage {
		// a plain list of terms: one group each (no synonyms)
		const query = Array.isArray(textOrTerms)
			? { words: textOrTerms.map((t) => t.word), groups: textOrTerms.map((t) => [[t]]) }
			: textOrTerms;
		const filter = this.compile(spec);
		const text = query?.groups.length ? this.termPlan(query.groups) : null;
		const seed: Sequence | null = text ? text.seed : this.filterSeed(filter.thematiques, spec.territory);
		const k = spec.offset + spec.limit;
		if (k > 0) this.refreshNameRank();
		if (!text && !spec.near && !filter.territory) return this.searchCodes(spec, filter, k);
		const top = new TopK(k, this.nameRank);
		// matches per code set, spread over the codes at the end (code-sets.ts)
		const hits = spec.facets ? new Int32Array(this.sets.size) : null;
		const words = text ? (query?.words ?? []) : [];
		const groupCount = text ? query!.groups.length : 0;
		// per distinct name: 0 not yet tested, 1 lacks a word, 2 holds every word (NAME_BOOST)
		const holds = words.length && k > 0 ? new Uint8Array(this.distinctNames.size) : null;
		const nameIds = this.nameIds.values;
		const docSets = this.docSets.values;
		const setStates = filter.sets;
		const lat = this.latitudes.values;
		const lon = this.longitudes.values;
		const near = spec.near;
		const radius = near?.metres ?? null;
		// a zone covering the commune or any distance: services anywhere may match, no box to read within
		const box =
			near && radius !== null && !filter.covering
				? boundingBox(near.point.latitude, near.point.longitude, radius)
				: null;
		const others = text?.others ?? [];
		const cursors = others.map((lists) => new Int32Array(lists.length));
		let total = 0;
		const ranges: [number, number][] = box ? this.rangesNear(box) : [[0, this.ids.length]];
		for (const [from, to] of ranges) {
			// candidates: the seed's entries for documents [from, to), or those documents themselves
			const first = seed ? seek(seed.values, seed.length, text ? encode(from, false) : from) : from;
			const last = seed ? seek(seed.values, seed.length, text ? encode(to, false) : to, first) : to;
			for (let i = first; i < last; i++) {
				const entry = seed ? seed.values[i]! : i;
				const ordinal = text ? ordinalOf(entry) : entry;
				if (box) {
					const y = lat[ordinal]!;
					const x = lon[ordinal]!;
					// NaN (no coordinates) fails these tests too
					if (!(y >= box.south && y <= box.north && x >= box.west && x <= box.east)) continue;
				}
				// alive and with the codes asked for (a removed document is in a set that never passes)
				const set = docSets[ordinal]!;
				if (!((setStates[set] || this.stateOf(set, filter)) & PASSES)) continue;
				let inName = text && inNameOf(entry) ? 1 : 0;
				let all = true;
				for (let t = 0; t < others.length && all; t++) {
					const found = find(others[t]!, cursors[t]!, ordinal);
					if (found === 0) all = false;
					else if (found === 2) inName++;
				}
				if (!all || !this.passes(ordinal, filter)) continue;
				let distance = Infinity;
				if (near) {
					const metres = haversine(near.point, lat[ordinal]!, lon[ordinal]!);
					// NaN (no coordinates): no distance, sorted last
					if (metres >= 0) distance = metres;
					if (radius !== null && !(metres <= radius) && !this.covers(ordinal, filter.covering)) continue;
				}
				total++;
				if (hits) hits[docSets[ordinal]!]!++;
				if (k === 0) continue;
				let rank = groupCount ? inName * WORD_IN_NAME + (groupCount - inName) * WORD_IN_DESCRIPTION : 0;
				if (setStates[set]! & BOOSTED) rank += PUBLIC_BOOST;
				if (holds && top.wouldAccept(rank + NAME_BOOST, distance, ordinal)) {
					const name = nameIds[ordinal]!;
					if (holds[name] === 0) holds[name] = containsAll(this.distinctNames.values[name]!, words) ? 2 : 1;
					if (holds[name] === 2) rank += NAME_BOOST;
				}
				top.offer(ordinal, rank, distance);
			}
		}
		return {
			total,
			page: top
				.sorted()
				.slice(spec.offset)
				.map((e) => ({
					id: this.ids[e.ordinal]!,
					distance: near && e.distance !== Infinity ? e.distance : null
				})),
			facets: hits ? this.facetRows(hits) : []
		};
	}

	// --------------------------------------------------------------------------------------------------

	/**
	 * A search filtered on codes only (no text, radius or territory): which documents match depends only on
	 * their code set, so the total and the facets come from the live documents of each set, without reading
	 * a document. The page is in (life event's publics first, then name) order: the first matching documents
	 * in name order, boosted ones before the others.
	 */
	private searchCodes(spec: SearchSpec, filter: Filter, k: number): SearchPage {
		const alive = this.sets.alive.values;
		const hits = new Int32Array(this.sets.size);
		let total = 0;
		for (let set = 0; set < hits.length; set++) {
			const n = alive[set]!;
			if (n === 0) continue;
			const state = this.stateOf(set, filter);
			if (!(state & PASSES)) continue;
			hits[set] = n;
			total += n;
		}
		// the first k of each matching set in name order (boosted ones ahead), then the first k of those
		const docSets = this.docSets.values;
		const byName = this.byName;
		const behind = byName.length;
		const firsts: number[] = [];
		for (let set = 0; set < hits.length && k > 0; set++) {
			if (hits[set] === 0) continue;
			const positions = this.setsByName[set] ?? EMPTY;
			const shift = this.stateOf(set, filter) & BOOSTED ? 0 : behind;
			for (let i = 0, taken = 0; i < positions.length && taken < k; i++) {
				// a document removed since byName was computed has left its set
				if (docSets[byName[positions[i]!]!] !== set) continue;
				firsts.push(positions[i]! + shift);
				taken++;
			}
		}
		firsts.sort((a, b) => a - b);
		return {
			total,
			page: firsts
				.slice(spec.offset, k)
				.map((position) => ({ id: this.ids[byName[position % behind]!]!, distance: null })),
			facets: spec.facets ? this.facetRows(hits) : []
		};
	}

	/**
	 * Whether documents of this code set pass the filter's code masks (PASSES) and have one of the boosted
	 * publics (BOOSTED): decided once per set and search.
	 */
	private stateOf(set: number, filter: Filter): number {
		let state = filter.sets[set]!;
		if (state !== 0) return state;
		state = SEEN;
		if (set === this.sets.dead) return (filter.sets[set] = state);
		if (filter.masks.every((mask) => this.sets.has(set, mask))) state |= PASSES;
		if (filter.boost && this.sets.has(set, filter.boost)) state |= BOOSTED;
		filter.sets[set] = state;
		return state;
	}

	/** The spec's filters as masks over codes and places. */
	private compile(spec: SearchSpec) {
		const mask = (facet: Facet, values: readonly string[] | null) => {
			if (!values) return null;
			const m = new Uint8Array(this.codes.size);
			for (const v of values) {
				const id = this.codes.find(`${facet}:${v}`);
				if (id >= 0) m[id] = 1;
			}
			return m;
		};
		const placeMask = (values: readonly string[]) => {
			const m = new Uint8Array(this.places.size);
			for (const v of values) {
				const id = this.places.find(v);
				if (id >= 0) m[id] = 1;
			}
			return m;
		};
		const thematiques = spec.thematiques.map((set) => mask('thematique', set)!);
		return {
			thematiques,
			masks: [
				...thematiques,
				...[
					mask('public', spec.publics),
					mask('receptionMode', spec.receptionModes),
					mask('fees', spec.fees),
					mask('type', spec.types)
				].filter((m) => m !== null)
			],
			territory: spec.territory
				? { communes: placeMask(spec.territory.communeCodes), zones: placeMask(spec.territory.zoneCodes) }
				: null,
			/** zones that cover the person's commune (a service eligible there matches beyond the radius) */
			covering: spec.near?.covering.length ? placeMask(spec.near.covering) : null,
			boost: spec.boostPublics.length ? mask('public', spec.boostPublics) : null,
			/** per code set: 0 until looked at, then SEEN | PASSES? | BOOSTED? (stateOf) */
			sets: new Uint8Array(this.sets.size)
		};
	}

	/**
	 * Does the document serve the person's commune: eligible in one of the zones covering it, or located in it
	 * (`covering` holds the commune's own code too; a service without coordinates is still found from its commune)?
	 */
	private covers(ordinal: number, covering: Uint8Array | null): boolean {
		if (!covering) return false;
		const commune = this.communes.values[ordinal]!;
		return (commune >= 0 && covering[commune] === 1) || this.inZones(ordinal, covering);
	}

	/** Does one of the document's eligibility zones have its flag in `zones`? */
	private inZones(ordinal: number, zones: Uint8Array | null): boolean {
		if (!zones) return false;
		const { starts, pool } = this.docZones;
		for (let z = starts.values[ordinal]!, end = starts.values[ordinal + 1]!; z < end; z++)
			if (zones[pool.values[z]!]) return true;
		return false;
	}

	private passes(ordinal: number, filter: Filter): boolean {
		if (!(this.stateOf(this.docSets.values[ordinal]!, filter) & PASSES)) return false;
		const territory = filter.territory;
		if (territory) {
			const commune = this.communes.values[ordinal]!;
			if (commune >= 0 && territory.communes[commune]) return true;
			const { starts, pool } = this.docZones;
			for (let z = starts.values[ordinal]!, end = starts.values[ordinal + 1]!; z < end; z++)
				if (territory.zones[pool.values[z]!]) return true;
			return false;
		}
		return true;
	}

	/** Facet rows from the matches per code set. */
	private facetRows(hits: Int32Array): FacetRow[] {
		const counts = new Int32Array(this.codes.size);
		this.sets.countCodes(hits, counts);
		const rows: FacetRow[] = [];
		counts.forEach((n, id) => {
			if (n === 0) return;
			rows.push({ f: this.facetOfCode[id]!, k: this.valueOfCode[id]!, n });
		});
		return rows;
	}

	/** Without text: the documents of the narrowest thématique filter, or null: every document. */
	private filterSeed(thematiques: Uint8Array[], territory: SearchSpec['territory']): Sequence | null {
		let best: Postings[] | null = null;
		let bestSize = Infinity;
		const consider = (lists: Postings[]) => {
			const size = lists.reduce((n, l) => n + l.length, 0);
			if (size < bestSize) [best, bestSize] = [lists, size];
		};
		for (const mask of thematiques) {
			const lists: Postings[] = [];
			mask.forEach((on, id) => {
				const list = on ? this.byThematique.get(id) : undefined;
				if (list) lists.push(list);
			});
			consider(lists);
		}
		// passes() keeps, for a territory, only documents located in one of its communes or eligible in one
		// of its zones: those documents (a département's are a few thousand, its category's tens of thousands)
		if (territory) {
			const lists: Postings[] = [];
			const add = (byPlace: Map<number, Postings>, code: string) => {
				const list = byPlace.get(this.places.find(code));
				if (list) lists.push(list);
			};
			for (const code of territory.communeCodes) add(this.byCommune, code);
			for (const code of territory.zoneCodes) add(this.byZone, code);
			consider(lists);
		}
		return best ? union(best, false) : null;
	}

	/**
	 * Runs [from, to) of document numbers that hold every document inside the box: per row of cells, the
	 * documents of the cell-ordered part whose cells are between the box's west and east columns; then every
	 * document added since the build.
	 */
	private rangesNear(box: Box): [number, number][] {
		const keys = this.cells.values;
		const ranges: [number, number][] = [];
		const west = Math.floor((box.west + 180) / CELL_DEGREES);
		const east = Math.floor((box.east + 180) / CELL_DEGREES);
		const south = Math.floor((box.south + 90) / CELL_DEGREES);
		const north = Math.floor((box.north + 90) / CELL_DEGREES);
		for (let row = south; row <= north; row++) {
			const from = seek(keys, this.sortedCount, row * CELL_COLUMNS + west);
			const to = seek(keys, this.sortedCount, row * CELL_COLUMNS + east + 1, from);
			if (from < to) ranges.push([from, to]);
		}
		if (this.sortedCount < this.ids.length) ranges.push([this.sortedCount, this.ids.length]);
		return ranges;
	}

	/**
	 * The rarest group's postings as candidates; the other groups' lists, to look candidates up in. A group's
	 * lists: those of its one-word alternatives, and for an alternative of several words the intersection of
	 * theirs (in the name when every word is).
	 */
	private termPlan(groups: QueryTerm[][][]) {
		const lists = groups.map((alternatives) =>
			alternatives.flatMap((terms) =>
				terms.length === 1
					? this.termLists(terms[0]!.lexeme, terms[0]!.prefix)
					: [intersection(terms.map((t) => union(this.termLists(t.lexeme, t.prefix), true)))]
			)
		);
		const sizes = lists.map((ls) => ls.reduce((n, l) => n + l.length, 0));
		const order = groups.map((_, i) => i).sort((a, b) => sizes[a]! - sizes[b]!);
		return { seed: union(lists[order[0]!]!, true), others: order.slice(1).map((t) => lists[t]!) };
	}

	private termLists(lexeme: string, prefix: boolean): Postings[] {
		if (!prefix) {
			const list = this.terms.get(lexeme);
			return list ? [list] : [];
		}
		this.sortedTerms ??= [...this.terms.keys()].sort(compareCodeUnits);
		const lists: Postings[] = [];
		for (let i = lowerBound(this.sortedTerms, lexeme); i < this.sortedTerms.length; i++) {
			const term = this.sortedTerms[i]!;
			if (!term.startsWith(lexeme)) break;
			lists.push(this.terms.get(term)!);
		}
		return lists;
	}

	private isAlive(ordinal: number) {
		return this.deadFlags.values[ordinal] === 0;
	}

	/**
	 * Positions in (name, id) order. Documents added since the last call are sorted and merged into the
	 * previous order (each found by binary search), so a refresh of a few services does not sort every name
	 * again. Dead documents keep their place: their positions are never compared.
	 */
	private refreshNameRank() {
		const pending = this.pendingNames;
		if (pending.length === 0) return;
		const order = (a: number, b: number) =>
			compareCodeUnits(this.names[a]!, this.names[b]!) || compareCodeUnits(this.ids[a]!, this.ids[b]!);
		pending.sort(order);
		const before = this.byName;
		const merged = new Int32Array(before.length + pending.length);
		let n = 0;
		let from = 0;
		for (const ordinal of pending) {
			let lo = from;
			let hi = before.length;
			while (lo < hi) {
				const mid = (lo + hi) >> 1;
				if (order(before[mid]!, ordinal) <= 0) lo = mid + 1;
				else hi = mid;
			}
			merged.set(before.subarray(from, lo), n);
			n += lo - from;
			from = lo;
			merged[n++] = ordinal;
		}
		merged.set(before.subarray(from), n);
		this.byName = merged;
		this.pendingNames = [];
		this.nameRank = new Int32Array(this.ids.length);
		merged.forEach((ordinal, position) => (this.nameRank[ordinal] = position));
		const docSets = this.docSets.values;
		const sizes = new Int32Array(this.sets.size);
		for (const ordinal of merged) sizes[docSets[ordinal]!]!++;
		const lists = Array.from(sizes, (n) => new Int32Array(n));
		const filled = new Int32Array(this.sets.size);
		merged.forEach((ordinal, position) => {
			const set = docSets[ordinal]!;
			lists[set]![filled[set]!++] = position;
		});
		this.setsByName = lists;
	}
}

type Filter = ReturnType<SearchIndex['compile']>;
const SEEN = 1;
const PASSES = 2;
const BOOSTED = 4;

/** Appends a document to the list of a key (documents come in ascending order, once per key). */
function appendTo(lists: Map<number, Postings>, key: number, ordinal: number) {
	let list = lists.get(key);
	if (!list) lists.set(key, (list = new Postings()));
	if (list.length === 0 || list.values[list.length - 1] !== ordinal) list.push(ordinal);
}

/** A sorted run of document numbers (or encoded postings). */
interface Sequence {
	values: Int32Array;
	length: number;
}

/**
 * Is the document in one of a term's lists (their cursors move forward only, candidates come in order)?
 * 0: no, 1: yes, 2: yes and in the name.
 */
function find(lists: Postings[], cursors: Int32Array, ordinal: number): 0 | 1 | 2 {
	let found: 0 | 1 | 2 = 0;
	const key = encode(ordinal, false);
	for (let l = 0; l < lists.length; l++) {
		const list = lists[l]!;
		const at = list.seek(key, cursors[l]);
		cursors[l] = at;
		if (at < list.length && ordinalOf(list.values[at]!) === ordinal) {
			if (inNameOf(list.values[at]!)) return 2;
			found = 1;
		}
	}
	return found;
}

/** Documents in every one of several encoded sequences; in the name when in the name in each. */
function intersection(sequences: Sequence[]): Postings {
	const out = new Postings();
	const [first, ...rest] = sequences;
	if (!first) return out;
	const cursors = rest.map(() => 0);
	outer: for (let i = 0; i < first.length; i++) {
		let entry = first.values[i]!;
		const key = encode(ordinalOf(entry), false);
		for (let r = 0; r < rest.length; r++) {
			const other = rest[r]!;
			const at = seek(other.values, other.length, key, cursors[r]);
			cursors[r] = at;
			if (at >= other.length || ordinalOf(other.values[at]!) !== ordinalOf(entry)) continue outer;
			entry &= other.values[at]! | ~1;
		}
		out.push(entry);
	}
	return out;
}

function containsAll(name: string, words: string[]): boolean {
	for (let w = 0; w < words.length; w++) if (!name.includes(words[w]!)) return false;
	return true;
}

const NO_CELL = 2 ** 31 - 1;
const EMPTY = new Int32Array(0);

type Box = ReturnType<typeof boundingBox>;

/**
 * A latitude/longitude box holding every point within `metres` of (lat, lon), a little larger than needed:
 * a cheap first test before the exact distance.
 */
function boundingBox(latitude: number, longitude: number, metres: number) {
	const degrees = ((metres / EARTH_RADIUS_M) * 180) / Math.PI;
	const south = latitude - degrees * 1.01;
	const north = latitude + degrees * 1.01;
	const widest = Math.max(Math.abs(south), Math.abs(north));
	const lonDegrees = widest >= 89 ? 360 : (degrees * 1.01) / Math.cos((widest * Math.PI) / 180);
	return { south, north, west: longitude - lonDegrees, east: longitude + lonDegrees };
}

/**
 * Sorted union of several lists (a prefix term's, a set of thématiques'), without copying a single list:
 * merged two by two, each merge one linear pass. Encoded postings keep one entry per document, with the name
 * flag if any list has it.
 */
function union(lists: Sequence[], encoded: boolean): Sequence {
	if (lists.length === 0) return { values: new Int32Array(0), length: 0 };
	let merged = lists;
	while (merged.length > 1) {
		const next: Sequence[] = [];
		for (let i = 0; i < merged.length; i += 2)
			next.push(i + 1 < merged.length ? mergeTwo(merged[i]!, merged[i + 1]!, encoded) : merged[i]!);
		merged = next;
	}
	return merged[0]!;
}

function mergeTwo(a: Sequence, b: Sequence, encoded: boolean): Sequence {
	const out = new Int32Array(a.length + b.length);
	const key = encoded ? ordinalOf : (v: number) => v;
	let i = 0;
	let j = 0;
	let n = 0;
	while (i < a.length && j < b.length) {
		const x = a.values[i]!;
		const y = b.values[j]!;
		const kx = key(x);
		const ky = key(y);
		// the same document in both: one entry, with the name flag of either
		out[n++] = kx < ky ? x : ky < kx ? y : x | y;
		if (kx <= ky) i++;
		if (ky <= kx) j++;
	}
	while (i < a.length) out[n++] = a.values[i++]!;
	while (j < b.length) out[n++] = b.values[j++]!;
	return { values: out, length: n };
}
