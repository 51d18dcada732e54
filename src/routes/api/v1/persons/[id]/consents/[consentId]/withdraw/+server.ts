import { persons } from '$lib/server/api/v1';

export const POST = persons.withdrawConsentOperation;
