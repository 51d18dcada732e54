import { directoryAdmin } from '$lib/server/api/v1';

export const PATCH = directoryAdmin.updateReferentialNode;
export const DELETE = directoryAdmin.deleteReferentialNode;
