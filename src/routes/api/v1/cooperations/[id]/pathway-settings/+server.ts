import { pingpong } from '$lib/server/api/v1';

export const PUT = pingpong.putPathwaySettingsOperation;
