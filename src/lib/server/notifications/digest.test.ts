import { describe, expect, it } from 'vitest';
import { digestSubject, digestText, groupEvents } from './digest';
import type { DigestEvent } from './digest-repository';

const event = (id: string, cooperation: string | null, body: string | null, title = id): DigestEvent => ({
	id,
	kind: 'test',
	title,
	text: '',
	url: `/essai/${id}`,
	createdAt: '2026-12-07T08:00:00Z',
	cooperationId: cooperation && `c-${cooperation}`,
	cooperationName: cooperation,
	bodyId: body && `b-${body}`,
	bodyName: body,
	bodyKind: 'pilotage'
});

describe('digest grouping and text', () => {
	it('groups by cooperation (alphabetical, accents included) then body, « Autres » last, each event once', () => {
		const groups = groupEvents([
			event('1', null, null),
			event('2', 'Égalité Cahors', 'Copil'),
			event('3', 'Aller-vers Figeac', null),
			event('2', 'Égalité Cahors', 'Copil'),
			event('4', 'Égalité Cahors', null),
			event('5', 'Aller-vers Figeac', 'Cotech')
		]);
		expect(groups.map((g) => [g.heading, g.events.map((e) => e.id)])).toEqual([
			['Aller-vers Figeac', ['3']],
			['Aller-vers Figeac — Cotech', ['5']],
			['Égalité Cahors', ['4']],
			['Égalité Cahors — Copil', ['2']],
			['Autres', ['1']]
		]);
	});

	it('writes French with non-breaking spaces and absolute links', () => {
		const text = digestText(
			{ displayName: 'Léa', frequency: 'weekly' },
			groupEvents([event('9', null, null, 'Réunion')])
		);
		expect(text).toContain('récapitulatif\u202f:');
		expect(text).toContain('chaque semaine');
		expect(text).toMatch(/^ {2}https?:\/\/\S+\/essai\/9$/m);
		expect(text).toMatch(/Pour changer de rythme\u202f: https?:\/\/\S+\/compte\/notifications$/);
		expect(digestSubject(1)).toBe('Maillage\u202f: votre récapitulatif (1 nouveauté)');
	});
});
