import { directory } from '$lib/server/api/v1';

// GET (public service sheet) is added by the search module
export const PATCH = directory.updateService;
export const DELETE = directory.deleteService;
