import { forums } from '$lib/server/api/v1';

export const POST = forums.contributionToNeedOperation;
