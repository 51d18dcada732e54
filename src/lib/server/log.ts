import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';
import { config } from './config';

/** JSON logs; every line written during a request carries its request id (no personal data in logs). */
const requestStore = new AsyncLocalStorage<{ requestId: string }>();

export const logger = pino({
	level: config().logLevel,
	base: { app: 'maillage' },
	mixin: () => {
		const store = requestStore.getStore();
		return store ? { requestId: store.requestId } : {};
	},
	redact: { paths: ['email', 'password', '*.email', '*.password', 'headers.cookie'], censor: '[redacted]' }
});

export const withRequestId = <T>(requestId: string, fn: () => T): T => requestStore.run({ requestId }, fn);
