import { persons } from '$lib/server/api/v1';

export const GET = persons.listConsentsOperation;
export const POST = persons.addConsentOperation;
