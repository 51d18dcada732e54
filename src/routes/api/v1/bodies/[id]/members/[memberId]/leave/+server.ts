import { governance } from '$lib/server/api/v1';

export const POST = governance.memberLeavesOperation;
