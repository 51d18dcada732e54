import { governance } from '$lib/server/api/v1';

export const GET = governance.getMeetingOperation;
export const PATCH = governance.updateMeetingOperation;
