import { json } from '@sveltejs/kit';

/** The process is up (no database call: a liveness probe must not fail because of a dependency). */
export const GET = () => json({ status: 'ok' });
