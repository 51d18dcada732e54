import { directory } from '$lib/server/api/v1';

export const POST = directory.checkService;
