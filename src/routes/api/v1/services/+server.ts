import { directory, services } from '$lib/server/api/v1';

export const GET = services.searchServices;
export const POST = directory.createService;
