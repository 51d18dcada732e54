import { glossary } from '$lib/server/api/v1';

export const GET = glossary.searchGlossaryOperation;
