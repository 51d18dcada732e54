import { imports } from '$lib/server/api/v1';

export const POST = imports.importDirectoryCsv;
