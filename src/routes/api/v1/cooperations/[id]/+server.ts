import { cooperations } from '$lib/server/api/v1';

export const GET = cooperations.getCooperationOperation;
export const PATCH = cooperations.updateCooperationOperation;
