import { corrections } from '$lib/server/api/v1';

export const POST = corrections.sendCorrectionRequestOperation;
