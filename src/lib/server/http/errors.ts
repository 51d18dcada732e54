import { ForbiddenError } from '../policy/policy';
import { ConflictError, NotFoundError, RateLimitError, ValidationError, type FieldIssue } from '../errors';
import { InvalidCredentialsError } from '../auth/service';
import { logger } from '../log';
import { BodyError } from './body';

export interface HttpProblem {
	status: number;
	code: string;
	/** message key in the catalogue (errors.*) */
	messageKey: string;
	/** values of the message ({{limit}}…) */
	messageValues?: Record<string, string>;
	issues?: FieldIssue[];
	retryAfter?: number;
}

/** Known domain errors → status and message key; anything else is a 500 with no detail. */
export function problemOf(error: unknown): HttpProblem | undefined {
	if (error instanceof ValidationError)
		return { status: 400, code: 'invalid', messageKey: 'errors.invalid', issues: error.issues };
	if (error instanceof ForbiddenError)
		return error.status === 401
			? { status: 401, code: 'unauthenticated', messageKey: 'errors.unauthenticated' }
			: { status: 403, code: 'forbidden', messageKey: 'errors.forbidden' };
	if (error instanceof NotFoundError)
		return { status: 404, code: 'not_found', messageKey: 'errors.notFound' };
	if (error instanceof InvalidCredentialsError)
		return { status: 401, code: 'invalid_credentials', messageKey: 'errors.invalidCredentials' };
	if (error instanceof RateLimitError)
		return {
			status: 429,
			code: 'rate_limited',
			messageKey: error.messageKey,
			retryAfter: error.retryAfterSeconds
		};
	if (error instanceof ConflictError)
		return {
			status: 409,
			code: 'conflict',
			messageKey: `errors.${error.message}`,
			...(error.values ? { messageValues: error.values } : {})
		};
	if (error instanceof BodyError)
		return {
			status: error.status,
			code: { 400: 'bad_request', 413: 'too_large', 415: 'unsupported_media_type' }[error.status],
			messageKey: error.messageKey,
			messageValues: error.values
		};
	return databaseInputProblem(error);
}

/** SQLSTATE of the database errors that come from the input, and the message of the field. */
const INPUT_ERRORS: Record<string, string> = {
	'23502': 'required', // not_null_violation
	'23503': 'reference.unknown', // foreign_key_violation
	'23514': 'invalid', // check_violation
	'22001': 'text.tooLong', // string_data_right_truncation
	'22003': 'number.outOfRange', // numeric_value_out_of_range
	'22007': 'date.invalid', // invalid_datetime_format
	'22008': 'date.outOfRange', // datetime_field_overflow
	'22009': 'date.outOfRange', // invalid_time_zone_displacement_value
	'22021': 'text.forbiddenCharacter', // character_not_in_repertoire (NUL, invalid byte sequence)
	'22P05': 'text.forbiddenCharacter', // untranslatable_character (\u0000 in a JSON value)
	'22P02': 'invalid', // invalid_text_representation
	'54000': 'text.tooLong' // program_limit_exceeded (a value too big for an index or a tsvector)
};

interface PgError {
	code: string;
	column?: string;
	detail?: string;
	table?: string;
	constraint?: string;
}

/** The PostgreSQL error of a query, under drizzle's DrizzleQueryError (pg and PGlite give the same fields). */
function pgErrorOf(error: unknown): PgError | undefined {
	for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return e as PgError;
		e = (e as { cause?: unknown }).cause;
	}
	return undefined;
}

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * Safety net: input that the validation let through and the database refused (an unknown commune code, a NUL
 * byte, a date out of range…) is a 400 naming the column when PostgreSQL gives it, never a 500. It is logged
 * as a warning: each one is a schema to tighten.
 */
function databaseInputProblem(error: unknown): HttpProblem | undefined {
	const pg = pgErrorOf(error);
	if (!pg) return undefined;
	if (pg.code === '23505') return { status: 409, code: 'conflict', messageKey: 'errors.conflict' }; // unique_violation
	const message = INPUT_ERRORS[pg.code] ?? (pg.code.startsWith('22') ? 'invalid' : undefined);
	if (!message) return undefined;
	// "Key (commune_code)=(99999) is not present in table "communes"."
	const column = pg.column ?? pg.detail?.match(/^Key \(([a-z0-9_]+)\)=/)?.[1];
	const field = column ? camel(column) : '_';
	logger.warn(
		{ sqlState: pg.code, table: pg.table, column, constraint: pg.constraint },
		'database refused input that validation let through'
	);
	return {
		status: 400,
		code: 'invalid',
		messageKey: 'errors.invalid',
		issues: [{ field, message }]
	};
}
