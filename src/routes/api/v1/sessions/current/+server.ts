import { sessions } from '$lib/server/api/v1';

export const DELETE = sessions.deleteCurrentSession;
