import { directoryAdmin } from '$lib/server/api/v1';

export const PATCH = directoryAdmin.updateCorrespondent;
export const DELETE = directoryAdmin.deleteCorrespondent;
