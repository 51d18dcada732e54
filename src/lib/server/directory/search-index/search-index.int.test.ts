import { defineSearchTests } from '../search.cases';

/** The same cases as search.int.test.ts, every search answered by the in-memory index. */
defineSearchTests('index');
