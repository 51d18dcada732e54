// Minimal typing of the parts of autocannon 8 used by bench/suites/http-load.ts (the package ships none).
declare module 'autocannon' {
	import type { EventEmitter } from 'node:events';

	export interface Request {
		method?: string;
		path: string;
		headers?: Record<string, string>;
		body?: string;
		/** not an autocannon field: our tag, carried along on the per-client copy of the request */
		label?: string;
	}

	export interface Options {
		url: string;
		connections?: number;
		duration?: number;
		timeout?: number;
		pipelining?: number;
		headers?: Record<string, string>;
		requests?: Request[];
		excludeErrorStats?: boolean;
		/** called once per connection, before its first request */
		setupClient?: (client: Client) => void;
	}

	export interface Histogram {
		average: number;
		mean: number;
		stddev: number;
		min: number;
		max: number;
		total: number;
		sent: number;
		p50: number;
		p90: number;
		p97_5: number;
		p99: number;
		p99_9: number;
		totalCount: number;
	}

	export interface Result {
		duration: number;
		errors: number;
		timeouts: number;
		non2xx: number;
		resets: number;
		'2xx': number;
		'3xx': number;
		'4xx': number;
		'5xx': number;
		statusCodeStats: Record<string, { count: number }>;
		latency: Histogram;
		requests: Histogram;
		throughput: Histogram;
	}

	/** The per-connection client passed to 'response' listeners (internal to autocannon). */
	export interface Client {
		requestIterator: { currentRequest: Request; nextRequest(): Request };
	}

	export interface Instance extends EventEmitter {
		stop(): void;
		on(
			event: 'response',
			listener: (client: Client, statusCode: number, bytes: number, responseTimeMs: number) => void
		): this;
		on(event: 'reqError', listener: (error: Error) => void): this;
		on(event: string, listener: (...args: unknown[]) => void): this;
	}

	function autocannon(options: Options, callback: (error: Error | null, result: Result) => void): Instance;
	export default autocannon;
}
