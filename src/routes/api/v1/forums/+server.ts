import { forums } from '$lib/server/api/v1';

export const GET = forums.listForumsOperation;
export const POST = forums.createForumOperation;
