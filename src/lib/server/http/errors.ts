import { ForbiddenError } from '../policy/policy';
import { ConflictError, NotFoundError, RateLimitError, ValidationError, type FieldIssue } from '../errors';
import { InvalidCredentialsError } from '../auth/service';

export interface HttpProblem {
	status: number;
	code: string;
	/** message key in the catalogue (errors.*) */
	messageKey: string;
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
			messageKey: 'errors.rateLimited',
			retryAfter: error.retryAfterSeconds
		};
	if (error instanceof ConflictError)
		return { status: 409, code: 'conflict', messageKey: `errors.${error.message}` };
	return undefined;
}
