import { sessions } from '$lib/server/api/v1';

export const POST = sessions.createSession;
