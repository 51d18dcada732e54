import type { RequestEvent } from '@sveltejs/kit';
import { contextOf } from '$lib/server/api/operation';
import { handleForm, routeId } from '$lib/server/http/forms';
import {
	answerRequest,
	getRequest,
	payRequest,
	repayRequest,
	writeOffRequest
} from '$lib/server/fund/service';
import { cooperationAccess } from '$lib/server/cooperations/service';
import {
	answerInputSchema,
	paymentInputSchema,
	repaymentInputSchema,
	writeOffInputSchema
} from '$lib/server/fund/validation';
import { PAYMENT_MEANS } from '$lib/server/fund/schema';
import { euros, guard } from '../fund-page';
import type { Actions, PageServerLoad } from './$types';

/** One advance request: the approvers' answers (« 2/3 réponses »), payment, repayments, write-off. */
export const load: PageServerLoad = async (event) => {
	const id = routeId(event);
	const requestId = routeId(event, 'requestId');
	const ctx = contextOf(event);
	const r = await guard(event, () => getRequest(ctx, id, requestId));
	const access = await guard(event, () => cooperationAccess(ctx, id));
	return {
		cooperation: { id, name: access.cooperation.name },
		today: new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date()),
		means: [...PAYMENT_MEANS],
		request: {
			...r,
			amountText: euros(r.amount),
			repaidText: euros(r.repaid),
			writtenOffText: euros(r.writtenOff),
			outstandingText: euros(r.outstanding),
			payment: r.payment ? { ...r.payment, amountText: euros(r.payment.amount) } : null,
			repayments: r.repayments.map((p) => ({ ...p, amountText: euros(p.amount) }))
		}
	};
};

const ids = (event: RequestEvent) => [routeId(event), routeId(event, 'requestId')] as const;
const done = { saved: true } as const;

export const actions: Actions = {
	answer: async (event) => {
		const [id, requestId] = ids(event);
		return handleForm(event, answerInputSchema, (input) =>
			answerRequest(contextOf(event), id, requestId, input).then(() => done)
		);
	},
	pay: async (event) => {
		const [id, requestId] = ids(event);
		return handleForm(event, paymentInputSchema, (input) =>
			payRequest(contextOf(event), id, requestId, input).then(() => done)
		);
	},
	repay: async (event) => {
		const [id, requestId] = ids(event);
		return handleForm(event, repaymentInputSchema, (input) =>
			repayRequest(contextOf(event), id, requestId, input).then(() => done)
		);
	},
	writeOff: async (event) => {
		const [id, requestId] = ids(event);
		return handleForm(event, writeOffInputSchema, (input) =>
			writeOffRequest(contextOf(event), id, requestId, input).then(() => done)
		);
	}
};
