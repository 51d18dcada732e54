import { directoryAdmin } from '$lib/server/api/v1';

export const POST = directoryAdmin.attachReferentialService;
export const DELETE = directoryAdmin.detachReferentialService;
