import { governance } from '$lib/server/api/v1';

export const GET = governance.getMinutesOperation;
export const PUT = governance.saveMinutesOperation;
