import { directory } from '$lib/server/api/v1';

// GET (search) is added by the search module
export const POST = directory.createService;
