import { describe, expect, it } from 'vitest';
import { entryInputSchema, entryPatchSchema } from './entries-validation';

describe('entry validation', () => {
	it('defaults a new entry to « visible par mon organisme seulement »', () => {
		const parsed = entryInputSchema.parse({ kind: 'note', category: 'situation', text: 'Premier accueil.' });
		expect(parsed.sharing).toBe('organisation');
	});

	it('names the missing field of each kind', () => {
		const fields = (input: unknown) =>
			entryInputSchema.safeParse(input).error?.issues.map((i) => [i.path.join('.'), i.message]);
		expect(fields({ kind: 'step', category: 'situation' })).toEqual([['step', 'followup.step.required']]);
		expect(fields({ kind: 'need', category: 'needs', text: 'Logement' })).toEqual([
			['theme', 'followup.theme.required']
		]);
		expect(fields({ kind: 'appointment', category: 'needs' })).toEqual([
			['occursAt', 'followup.occursAt.required']
		]);
		expect(fields({ kind: 'note', category: 'situation', text: '   ' })).toEqual([
			['text', 'followup.text.required']
		]);
		expect(fields({ kind: 'note', category: 'secret', text: 'x' })?.[0]?.[0]).toBe('category');
	});

	it('a correction carries only the fields sent (no default sharing, no emptied text)', () => {
		expect(entryPatchSchema.parse({ place: 'CAF, Cahors' })).toEqual({ place: 'CAF, Cahors' });
	});
});
