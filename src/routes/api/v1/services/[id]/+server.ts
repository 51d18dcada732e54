import { directory, services } from '$lib/server/api/v1';

export const GET = services.getService;
export const PATCH = directory.updateService;
export const DELETE = directory.deleteService;
