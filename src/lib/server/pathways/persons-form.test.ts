import { describe, expect, it } from 'vitest';
import { changedFields } from './persons-form';

describe('edit form → patch', () => {
	it('keeps the fields whose typed value differs from the prefilled one, as the schema reads them', () => {
		expect(
			changedFields({
				firstName: 'Anaïs',
				'was.firstName': 'Anaïs',
				lastName: 'Fictive-Martin',
				'was.lastName': 'Fictive',
				preferredLanguage: 'uk',
				'was.preferredLanguage': '',
				situation: 'Suivie par le CCAS.\n',
				'was.situation': 'Suivie par le CCAS.',
				communeCode: '',
				'was.communeCode': '46042'
			})
		).toEqual({
			success: true,
			data: { lastName: 'Fictive-Martin', preferredLanguage: 'uk', communeCode: null }
		});
	});

	it('a field posted without its prefilled value is sent; a field not posted is not; other keys are ignored', () => {
		expect(changedFields({ usualName: 'Nana', organisationId: 'x', 'was.email': 'a@b.fr' })).toEqual({
			success: true,
			data: { usualName: 'Nana' }
		});
	});

	it('reports an invalid changed field, never an unchanged one', () => {
		const result = changedFields({
			email: 'pas-une-adresse',
			'was.email': '',
			// stored before a rule was tightened: left as it is, it does not block the form
			phone: '06 12',
			'was.phone': '06 12'
		});
		expect(result.success).toBe(false);
		expect(result.success ? [] : result.issues.map((i) => i.field)).toEqual(['email']);
	});
});
