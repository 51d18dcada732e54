import { governance } from '$lib/server/api/v1';

export const GET = governance.listMeetingsOperation;
export const POST = governance.createMeetingOperation;
