import { persons } from '$lib/server/api/v1';

export const GET = persons.listPersonsOperation;
export const POST = persons.createPersonOperation;
