import { corrections } from '$lib/server/api/v1';

export const GET = corrections.listCorrectionRequestsOperation;
