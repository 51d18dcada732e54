import { fund } from '$lib/server/api/v1';

export const GET = fund.getAdvanceRequest;
