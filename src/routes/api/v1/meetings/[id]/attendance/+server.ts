import { governance } from '$lib/server/api/v1';

export const PUT = governance.recordAttendanceOperation;
