/** Domain errors: routes and the API turn them into statuses and messages, never stack traces. */
export class NotFoundError extends Error {
	readonly status = 404;
	constructor(
		readonly resource: string,
		readonly id: string
	) {
		super(`${resource} ${id} not found`);
	}
}

export interface FieldIssue {
	/** dotted path of the field, e.g. "communeCodes.2" */
	field: string;
	/** message key in the catalogue, or a plain message */
	message: string;
}

export class ValidationError extends Error {
	readonly status = 400;
	constructor(readonly issues: FieldIssue[]) {
		super(issues.map((i) => `${i.field}: ${i.message}`).join('; '));
	}
}

export class ConflictError extends Error {
	readonly status = 409;
	constructor(
		message: string,
		/** values of the message ({{name}}…), e.g. who accepted a referral first */
		readonly values?: Record<string, string>
	) {
		super(message);
	}
}

export class RateLimitError extends Error {
	readonly status = 429;
	constructor(
		readonly retryAfterSeconds: number,
		/** catalogue key of the message (sign-in by default) */
		readonly messageKey = 'errors.rateLimited'
	) {
		super('too many attempts');
	}
}
