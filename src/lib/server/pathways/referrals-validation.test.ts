import { describe, expect, it } from 'vitest';
import { parseInput } from '../api/errors';
import { acceptSchema, referralSettingsInputSchema, refusalSchema } from './referrals-validation';
import { allowedActions } from './referrals-access';

describe('referral inputs', () => {
	it('a refusal needs a reason, and a text for « other », named by field', () => {
		expect(parseInput(refusalSchema, { reason: 'no_capacity' }).success).toBe(true);
		const other = parseInput(refusalSchema, { reason: 'other', text: '  ' });
		expect(other.success ? [] : other.issues).toEqual([
			{ field: 'text', message: 'referrals.otherTextRequired' }
		]);
		const none = parseInput(refusalSchema, {});
		expect(none.success ? [] : none.issues.map((i) => i.field)).toEqual(['reason']);
	});

	it('the refusal form carries the version the professional saw', () => {
		const parsed = parseInput(refusalSchema.and(acceptSchema), { reason: 'unreachable', version: '3' });
		expect(parsed.success && parsed.data).toMatchObject({ reason: 'unreachable', version: 3 });
	});

	it('response days are working days between 1 and 60; capacity from the list', () => {
		expect(parseInput(referralSettingsInputSchema, { responseDays: '0' }).success).toBe(false);
		expect(parseInput(referralSettingsInputSchema, { responseDays: '61' }).success).toBe(false);
		expect(parseInput(referralSettingsInputSchema, { responseDays: '5', capacity: 'pleine' }).success).toBe(
			false
		);
		expect(parseInput(referralSettingsInputSchema, { responseDays: '5', capacity: '' })).toMatchObject({
			success: true,
			data: { responseDays: 5 }
		});
	});
});

describe('who may do what', () => {
	const receiving = { receiving: true, sending: false };
	const sending = { receiving: false, sending: true };
	it('the receiving organisation answers; the sender withdraws only before acceptance', () => {
		expect(allowedActions('received', receiving)).toEqual({
			accept: true,
			refuse: true,
			start: false,
			complete: false,
			abandon: false
		});
		expect(allowedActions('received', sending)).toMatchObject({ accept: false, abandon: true });
		expect(allowedActions('accepted', sending).abandon).toBe(false);
		expect(allowedActions('accepted', receiving)).toMatchObject({
			start: true,
			complete: true,
			abandon: true
		});
		expect(Object.values(allowedActions('completed', receiving)).some(Boolean)).toBe(false);
	});
});
