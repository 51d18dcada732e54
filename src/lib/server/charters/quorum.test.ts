import { describe, expect, it } from 'vitest';
import type { CooperationAccess } from '../cooperations/service';
import { emptyContent, fundQuorum } from './content';
import { checkContent } from './rules';
import { charterPatchSchema } from './validation';
import { contentParts } from './render';

const A = '00000000-0000-4000-8000-0000000000a1';
const B = '00000000-0000-4000-8000-0000000000b1';
const access = {
	parties: [A, B].map((organisationId) => ({
		organisationId,
		organisationName: organisationId,
		signatories: []
	}))
} as unknown as CooperationAccess;

describe('the advance fund quorum of a charter', () => {
	it('is between 1 and the number of approvers', () => {
		const content = emptyContent('Charte');
		content.fund.approvers = [
			{ organisationId: A, userId: null },
			{ organisationId: B, userId: null }
		];
		content.fund.quorum = 2;
		expect(checkContent(content, access)).toEqual([]);
		content.fund.quorum = 3;
		expect(checkContent(content, access)).toEqual([
			{ field: 'fund.quorum', message: 'charters.quorumTooHigh' }
		]);
	});

	it('a form sends it as text; anything but a whole number from 1 is refused on « fund.quorum »', () => {
		expect(charterPatchSchema.parse({ fund: { quorum: '2' } }).fund?.quorum).toBe(2);
		expect(charterPatchSchema.parse({ fund: { quorum: 3 } }).fund?.quorum).toBe(3);
		for (const bad of ['0', 'deux', '1,5', 1.5, -1]) {
			const r = charterPatchSchema.safeParse({ fund: { quorum: bad } });
			expect(r.success).toBe(false);
			expect(r.error?.issues[0]?.message).toBe('charters.quorum');
		}
	});

	it('versions written before the quorum existed read as 1, and the text of the charter states it', () => {
		const old = emptyContent('Ancienne');
		delete old.fund.quorum;
		expect(fundQuorum(old.fund)).toBe(1);
		old.fund.approvers = [{ organisationId: A, userId: null }];
		const fund = contentParts(old, new Map([[A, 'CCAS de Cahors']]), new Map()).find((p) => p.key === 'fund');
		expect(fund?.text).toContain('Quorum\u202f: 1 validation sur 1');
	});
});
