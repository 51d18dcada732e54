import { directory } from '$lib/server/api/v1';

export const PATCH = directory.updateStructure;
export const GET = directory.getStructure;
