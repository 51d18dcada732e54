import { directoryAdmin } from '$lib/server/api/v1';

export const GET = directoryAdmin.listCorrespondents;
export const POST = directoryAdmin.createCorrespondent;
