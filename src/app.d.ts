import type { Actor } from '$lib/server/policy/actor';
import type { Locale } from '$lib/i18n/locales';

declare global {
	namespace App {
		interface Locals {
			requestId: string;
			actor: Actor;
			locale: Locale;
			ip: string;
		}
		interface Error {
			message: string;
			requestId?: string;
		}
	}
}

export {};
