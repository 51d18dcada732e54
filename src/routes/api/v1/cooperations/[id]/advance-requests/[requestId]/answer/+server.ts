import { fund } from '$lib/server/api/v1';

export const POST = fund.answerAdvanceRequest;
