import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';

/** JSON logs; every line written during a request carries its request id (no personal data in logs). */
const requestStore = new AsyncLocalStorage<{ requestId: string }>();

export const logger = pino({
	// read directly: the logger must load without validating the whole configuration (build-time analysis)
	level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
	base: { app: 'maillage' },
	mixin: () => {
		const store = requestStore.getStore();
		return store ? { requestId: store.requestId } : {};
	},
	redact: { paths: ['email', 'password', '*.email', '*.password', 'headers.cookie'], censor: '[redacted]' }
});

export const withRequestId = <T>(requestId: string, fn: () => T): T => requestStore.run({ requestId }, fn);
