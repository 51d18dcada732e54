import { organisations } from '$lib/server/api/v1';

export const GET = organisations.listMembers;
