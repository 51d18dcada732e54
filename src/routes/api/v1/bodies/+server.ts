import { governance } from '$lib/server/api/v1';

export const GET = governance.listBodiesOperation;
export const POST = governance.createBodyOperation;
