import { feedback } from '$lib/server/api/v1';

export const GET = feedback.listFeedbackOperation;
