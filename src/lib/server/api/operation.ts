import { json, type RequestEvent, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import type { Context } from '../context';
import { currentDatabase } from '../bootstrap';
import { ForbiddenError } from '../policy/policy';
import { problemOf } from '../http/errors';
import { BodyError, mediaType, readBytes, readJson } from '../http/body';
import { translator } from '../../i18n/index';
import { logger } from '../log';
import { parseOrThrow, searchParamsToObject } from './errors';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface OperationSpec<
	P extends AnyObject | undefined = undefined,
	Q extends AnyObject | undefined = undefined,
	B extends z.ZodType | undefined = undefined,
	R extends z.ZodType = z.ZodType
> {
	method: Method;
	/** OpenAPI path under /api/v1, with {param} placeholders */
	path: string;
	operationId: string;
	summary: string;
	tag: string;
	/** 'session': a signed-in account is required before anything else */
	auth: 'public' | 'session';
	params?: P;
	query?: Q;
	body?: B;
	/**
	 * A body that is not JSON (a CSV file): its accepted media types and size limit. The handler gets its
	 * bytes; a wrong type is a 415, a bigger body a 413 (before the handler runs).
	 */
	rawBody?: { contentTypes: string[]; maxBytes: number };
	response: R;
	status?: 200 | 201 | 204;
}

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface HandlerInput<P, Q, B> {
	params: P;
	query: Q;
	body: B;
	/** the body's bytes, for an operation with rawBody */
	bytes: Uint8Array;
	ctx: Context;
	event: RequestEvent;
}

export type AnySpec = OperationSpec<AnyObject | undefined, AnyObject | undefined, z.ZodType | undefined>;
export type OperationHandler = RequestHandler & { spec: AnySpec };

/** Every /api/v1 operation, registered when its module loads; the OpenAPI document is built from this list. */
export const registry: OperationHandler[] = [];

export function contextOf(event: RequestEvent): Context {
	return {
		db: currentDatabase().db,
		actor: event.locals.actor,
		ip: event.locals.ip,
		requestId: event.locals.requestId
	};
}

/** JSON bodies: larger documents go through the CSV import or the command line. */
export const MAX_JSON_BYTES = 1_000_000;

async function readRawBody(event: RequestEvent, raw: NonNullable<AnySpec['rawBody']>) {
	if (!raw.contentTypes.includes(mediaType(event.request)))
		throw new BodyError(415, 'errors.unsupportedType', { types: raw.contentTypes.join(', ') });
	return readBytes(event.request, raw.maxBytes);
}

/** A JSON error body in the request's language. */
export function errorResponse(event: RequestEvent, error: unknown): Response {
	const t = translator(event.locals.locale);
	const problem = problemOf(error);
	if (!problem) {
		logger.error({ err: error }, 'unhandled API error');
		return json(
			{
				error: {
					status: 500,
					code: 'internal',
					message: t('errors.internal'),
					requestId: event.locals.requestId
				}
			},
			{ status: 500 }
		);
	}
	const headers: Record<string, string> = problem.retryAfter
		? { 'retry-after': String(problem.retryAfter) }
		: {};
	return json(
		{
			error: {
				status: problem.status,
				code: problem.code,
				message: t(problem.messageKey, problem.messageValues),
				issues: problem.issues?.map((i) => ({
					field: i.field,
					message: t(`validation.${i.message.split(':')[0]}`, {
						value: i.message.split(':')[1],
						defaultValue: i.message
					})
				})),
				requestId: event.locals.requestId
			}
		},
		{ status: problem.status, headers }
	);
}

/**
 * Declares an operation and returns its SvelteKit handler: the same zod schemas validate the request
 * and describe it in /api/v1/openapi.json.
 */
export function operation<
	P extends AnyObject | undefined = undefined,
	Q extends AnyObject | undefined = undefined,
	B extends z.ZodType | undefined = undefined,
	R extends z.ZodType = z.ZodType
>(
	spec: OperationSpec<P, Q, B, R>,
	handle: (input: HandlerInput<Out<P>, Out<Q>, Out<B>>) => Promise<z.input<R> | Response>
): OperationHandler {
	const handler: RequestHandler = async (event) => {
		try {
			if (spec.auth === 'session' && !event.locals.actor.user)
				throw new ForbiddenError('read', 'instance', false);
			const params = (spec.params ? parseOrThrow(spec.params, event.params) : undefined) as Out<P>;
			const query = (
				spec.query ? parseOrThrow(spec.query, searchParamsToObject(event.url.searchParams)) : undefined
			) as Out<Q>;
			const body = (
				spec.body ? parseOrThrow(spec.body, await readJson(event.request, MAX_JSON_BYTES)) : undefined
			) as Out<B>;
			const bytes = spec.rawBody ? await readRawBody(event, spec.rawBody) : new Uint8Array(0);
			const result = await handle({ params, query, body, bytes, ctx: contextOf(event), event });
			if (result instanceof Response) return result;
			if (spec.status === 204) return new Response(null, { status: 204 });
			checkResponse(spec.operationId, spec.response, result);
			return json(result, { status: spec.status ?? 200 });
		} catch (error) {
			return errorResponse(event, error);
		}
	};
	const registered = Object.assign(handler, { spec: spec as unknown as AnySpec });
	registry.push(registered);
	return registered;
}

/** Outside production, a response that does not match its documented schema is a bug: fail loudly. */
function checkResponse(operationId: string, schema: z.ZodType, result: unknown) {
	if (process.env.NODE_ENV === 'production') return;
	const check = schema.safeParse(result);
	if (!check.success) {
		throw new Error(`Response of ${operationId} does not match its schema: ${check.error.message}`);
	}
}
