import { cooperations } from '$lib/server/api/v1';

export const PUT = cooperations.putCooperationParty;
export const DELETE = cooperations.removeCooperationParty;
