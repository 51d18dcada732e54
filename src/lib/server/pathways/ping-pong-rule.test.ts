import { describe, expect, it } from 'vitest';
import { detectPingPong, isReReferral, mergeChain, type ReferralFact } from './ping-pong-rule';

const NOW = new Date('2026-06-30T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);
const ref = (
	id: string,
	status: string,
	created: number,
	closed: number | null = null,
	to = 'org-a'
): ReferralFact => ({
	id,
	toOrganisationId: to,
	status,
	createdAt: daysAgo(created),
	closedAt: closed === null ? null : daysAgo(closed),
	updatedAt: daysAgo(closed ?? created)
});
const S = { threshold: 3, windowDays: 60 };

describe('ping-pong rule: ≥ N bounces within W days', () => {
	it('two refusals do not raise; the third does, with the chain oldest first', () => {
		const two = [ref('a', 'refused', 50, 49, 'o1'), ref('b', 'refused', 50, 40, 'o2')];
		expect(detectPingPong(two, S, NOW)).toEqual([]);
		const three = [...two, ref('c', 'refused', 45, 1, 'o3')];
		expect(detectPingPong(three, S, NOW)).toEqual([{ trigger: 'threshold', chain: ['a', 'b', 'c'] }]);
	});

	it('a refusal 60 days ago counts, 61 days ago does not', () => {
		const recent = [ref('b', 'refused', 70, 10, 'o2'), ref('c', 'expired', 70, 5, 'o3')];
		expect(detectPingPong([ref('a', 'refused', 70, 60, 'o1'), ...recent], S, NOW)).toHaveLength(1);
		expect(detectPingPong([ref('a', 'refused', 70, 61, 'o1'), ...recent], S, NOW)).toEqual([]);
	});

	it('expiries count like refusals; completed and open referrals do not', () => {
		const rows = [
			ref('a', 'expired', 50, 40, 'o1'),
			ref('b', 'completed', 50, 30, 'o2'),
			ref('c', 'accepted', 50, null, 'o3'),
			ref('d', 'expired', 50, 20, 'o4')
		];
		expect(detectPingPong(rows, S, NOW)).toEqual([]);
	});

	it('a re-referral (new referral after a refusal, expiry or abandon) counts once even when refused too', () => {
		const rows = [
			ref('a', 'abandoned', 40, 35, 'o1'),
			ref('b', 'refused', 30, 20, 'o2'), // re-referral after a's abandon, then refused: one bounce
			ref('c', 'sent', 10, null, 'o3') // re-referral after b's refusal
		];
		expect(isReReferral(rows[1]!, rows, 60)).toBe(true);
		expect(isReReferral(rows[0]!, rows, 60)).toBe(false);
		expect(detectPingPong(rows, S, NOW)).toEqual([]);
		const more = [...rows, ref('d', 'sent', 5, null, 'o4')];
		expect(detectPingPong(more, S, NOW)).toEqual([{ trigger: 'threshold', chain: ['b', 'c', 'd'] }]);
	});

	it('a referral created more than W days after the previous failure is not a re-referral', () => {
		const rows = [ref('a', 'abandoned', 200, 100, 'o1'), ref('b', 'sent', 39, null, 'o2')];
		expect(isReReferral(rows[1]!, rows, 60)).toBe(false);
		expect(isReReferral(rows[1]!, rows, 61)).toBe(true);
	});

	it('the cooperation settings change threshold and window', () => {
		const rows = [ref('a', 'refused', 20, 15, 'o1'), ref('b', 'refused', 20, 5, 'o2')];
		expect(detectPingPong(rows, { threshold: 2, windowDays: 10 }, NOW)).toEqual([]);
		expect(detectPingPong(rows, { threshold: 2, windowDays: 15 }, NOW)).toHaveLength(1);
	});
});

describe('ping-pong rule: back to an organisation that already refused the person', () => {
	it('raises back_to_refuser with the refusal and the new referral', () => {
		const rows = [ref('a', 'refused', 30, 25, 'asso'), ref('b', 'sent', 3, null, 'asso')];
		expect(detectPingPong(rows, S, NOW)).toEqual([{ trigger: 'back_to_refuser', chain: ['a', 'b'] }]);
	});

	it('not for another organisation, nor for a refusal out of the window, nor for a referral sent before the refusal', () => {
		expect(
			detectPingPong([ref('a', 'refused', 30, 25, 'asso'), ref('b', 'sent', 3, null, 'caf')], S, NOW)
		).toEqual([]);
		expect(
			detectPingPong([ref('a', 'refused', 90, 61, 'asso'), ref('b', 'sent', 3, null, 'asso')], S, NOW)
		).toEqual([]);
		expect(
			detectPingPong([ref('a', 'refused', 30, 2, 'asso'), ref('b', 'sent', 3, null, 'asso')], S, NOW)
		).toEqual([]);
	});
});

describe('mergeChain', () => {
	it('keeps the stored order and appends what is new', () => {
		expect(mergeChain(['a', 'b'], ['b', 'c', 'a', 'd'])).toEqual(['a', 'b', 'c', 'd']);
	});
});
