import { describe, expect, it } from 'vitest';
import {
	decideAll,
	decideCategory,
	entryVisible,
	groundOf,
	seesAnything,
	type SharingFacts
} from './sharing';

const HOLDER = 'holder';
const CAF = { id: 'caf', kind: 'caf' };
const base = (over: Partial<SharingFacts> = {}): SharingFacts => ({
	holderOrganisationId: HOLDER,
	viewerOrganisations: [CAF],
	consents: [
		{
			organisationIds: ['caf'],
			organisationKinds: [],
			categories: ['identity', 'finances', 'health'],
			givenOn: '2026-01-01',
			expiresOn: null,
			withdrawnAt: null
		}
	],
	cooperations: [{ organisationId: 'caf', allowed: ['identity', 'contact', 'finances'] }],
	breakGlassOrganisationId: null,
	openReferralOrganisationIds: [],
	today: '2026-12-07',
	...over
});

describe('the sharing rule: consent AND charter rule', () => {
	it('the holding organisation sees everything', () => {
		const map = decideAll(base({ viewerOrganisations: [{ id: HOLDER, kind: 'ccas' }], consents: [] }));
		expect(Object.values(map).every((a) => a.visible && a.ground === 'holder')).toBe(true);
	});

	it('a partner sees a category only when both the consent and the rule allow it, and is told why not', () => {
		const facts = base();
		expect(decideCategory(facts, 'identity')).toEqual({
			visible: true,
			ground: 'consent',
			organisationId: 'caf'
		});
		expect(decideCategory(facts, 'finances')).toMatchObject({ visible: true });
		// consented but the charter does not share health with this kind of party
		expect(decideCategory(facts, 'health')).toEqual({ visible: false, reason: 'sharingRule' });
		// the charter shares contact but the person did not consent to it
		expect(decideCategory(facts, 'contact')).toEqual({ visible: false, reason: 'categoryNotConsented' });
	});

	it('consent by kind of organisation counts; a consent for someone else does not', () => {
		const byKind = base({
			consents: [{ ...base().consents[0]!, organisationIds: [], organisationKinds: ['caf'] }]
		});
		expect(decideCategory(byKind, 'identity').visible).toBe(true);
		const forOther = base({ consents: [{ ...base().consents[0]!, organisationIds: ['asso'] }] });
		expect(decideCategory(forOther, 'identity')).toEqual({ visible: false, reason: 'noConsent' });
		expect(seesAnything(decideAll(forOther))).toBe(false);
	});

	it('withdrawal, expiry and a future start cut access', () => {
		const c = base().consents[0]!;
		expect(decideCategory(base({ consents: [{ ...c, withdrawnAt: new Date() }] }), 'identity')).toEqual({
			visible: false,
			reason: 'consentWithdrawn'
		});
		expect(decideCategory(base({ consents: [{ ...c, expiresOn: '2026-12-06' }] }), 'identity')).toEqual({
			visible: false,
			reason: 'consentExpired'
		});
		expect(decideCategory(base({ consents: [{ ...c, expiresOn: '2026-12-07' }] }), 'identity').visible).toBe(
			true
		);
		expect(decideCategory(base({ consents: [{ ...c, givenOn: '2026-12-08' }] }), 'identity').visible).toBe(
			false
		);
	});

	it('without a shared cooperation, or without a charter in force, nothing is shared', () => {
		expect(decideCategory(base({ cooperations: [] }), 'identity')).toEqual({
			visible: false,
			reason: 'noCooperation'
		});
		expect(
			decideCategory(base({ cooperations: [{ organisationId: 'caf', allowed: null }] }), 'identity')
		).toEqual({
			visible: false,
			reason: 'noCharter'
		});
	});

	it('an open referral shows identity, contact and needs under consent, even without a cooperation', () => {
		const c = { ...base().consents[0]!, categories: ['identity', 'contact', 'needs', 'health'] };
		const facts = base({ consents: [c], cooperations: [], openReferralOrganisationIds: ['caf'] });
		expect(decideCategory(facts, 'contact')).toMatchObject({ visible: true, ground: 'referral' });
		expect(decideCategory(facts, 'needs')).toMatchObject({ visible: true, ground: 'referral' });
		expect(decideCategory(facts, 'health')).toEqual({ visible: false, reason: 'noCooperation' });
		// without consent the referral shows nothing
		expect(
			decideCategory(base({ consents: [], openReferralOrganisationIds: ['caf'] }), 'identity').visible
		).toBe(false);
	});

	it('break-glass shows every category for the emergency', () => {
		const map = decideAll(base({ consents: [], breakGlassOrganisationId: 'caf' }));
		expect(Object.values(map).every((a) => a.visible && a.ground === 'break-glass')).toBe(true);
		expect(groundOf(map)).toBe('break-glass');
	});

	it('with several organisations, any that may see wins, else the most specific reason is given', () => {
		const facts = base({ viewerOrganisations: [{ id: 'x', kind: 'association' }, CAF] });
		expect(decideCategory(facts, 'identity').visible).toBe(true);
		expect(decideCategory(facts, 'health')).toEqual({ visible: false, reason: 'sharingRule' });
	});
});

describe('entries: sharing level then category', () => {
	const map = decideAll(base());
	const viewer = { userId: 'u-caf', organisationIds: ['caf'] };
	const entry = {
		category: 'finances' as const,
		sharing: 'shared' as const,
		authorUserId: 'u-ccas',
		organisationId: HOLDER
	};
	it('shared entries follow the category rule', () => {
		expect(entryVisible(map, entry, viewer)).toBe(true);
		expect(entryVisible(map, { ...entry, category: 'health' }, viewer)).toBe(false);
	});
	it('organisation-only and author-only entries stay inside', () => {
		expect(entryVisible(map, { ...entry, sharing: 'organisation' }, viewer)).toBe(false);
		expect(
			entryVisible(map, { ...entry, sharing: 'organisation' }, { userId: 'u2', organisationIds: [HOLDER] })
		).toBe(true);
		expect(
			entryVisible(map, { ...entry, sharing: 'author' }, { userId: 'u2', organisationIds: [HOLDER] })
		).toBe(false);
		expect(
			entryVisible(map, { ...entry, sharing: 'author' }, { userId: 'u-ccas', organisationIds: [HOLDER] })
		).toBe(true);
	});
	it('an entry of my own organisation is visible to me even if the category is not shared with me', () => {
		expect(entryVisible(map, { ...entry, category: 'health', organisationId: 'caf' }, viewer)).toBe(true);
	});
});
