import { persons } from '$lib/server/api/v1';

export const GET = persons.getPersonOperation;
export const PATCH = persons.updatePersonOperation;
