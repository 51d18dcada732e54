import { defineSearchTests } from './search.cases';

/** The directory search, answered by SQL (no in-memory index on this database). */
defineSearchTests('sql');
