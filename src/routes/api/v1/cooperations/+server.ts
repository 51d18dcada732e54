import { cooperations } from '$lib/server/api/v1';

export const GET = cooperations.listCooperations;
export const POST = cooperations.createCooperationOperation;
