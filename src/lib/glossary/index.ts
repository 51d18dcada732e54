export type { GlossaryEntry, GlossaryTip } from './types';
export { compileMatcher, isAcronym, type Matcher, type TermMatch } from './matcher';
export {
	glossaryHref,
	markRuns,
	markupHtml,
	termHtml,
	tipText,
	termsUsedIn,
	type Piece,
	type Run
} from './markup';
export { foldLower, foldCased, searchForm } from './fold';
