import { synonyms } from '$lib/server/api/v1';

export const GET = synonyms.getSynonyms;
export const PUT = synonyms.putSynonyms;
