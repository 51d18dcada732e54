import { imports } from '$lib/server/api/v1';

export const GET = imports.exportStructuresCsv;
