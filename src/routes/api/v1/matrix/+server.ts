import { directoryAdmin } from '$lib/server/api/v1';

export const GET = directoryAdmin.getMatrix;
