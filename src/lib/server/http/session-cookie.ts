import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE, SESSION_TTL_MS } from '../auth/service';
import { config } from '../config';

/** HTTP-only, SameSite=Lax, Secure outside plain-http development. */
export function setSessionCookie(cookies: Cookies, token: string): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: config().production || (config().origin ?? '').startsWith('https://'),
		maxAge: Math.floor(SESSION_TTL_MS / 1000)
	});
}

export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { path: '/' });
}
