import { describe, expect, it } from 'vitest';
import { phoneParts } from './phones';

const links = (text: string) =>
	phoneParts(text)
		.filter((p) => p.href)
		.map((p) => `${p.text}=${p.href}`);

describe('phone numbers in texts', () => {
	it('links the emergency numbers where they are numbers to call', () => {
		expect(links('Si vous êtes à la rue ce soir, appelez le 115 : c’est gratuit.')).toEqual(['115=tel:115']);
		expect(links('En danger : appelez le 17. Pour parler : le 3919.')).toEqual([
			'17=tel:17',
			'3919=tel:3919'
		]);
		expect(links('Si vous ne pouvez pas parler, envoyez un SMS au 114.')).toEqual(['114=sms:114']);
		expect(links('Enfance en danger : composez le 119')).toEqual(['119=tel:119']);
	});

	it('links 10-digit and +33 numbers, whatever the separators', () => {
		expect(links('Accueil au 05 65 53 01 01 ou au 05.65.20.10.10, ou 0565123456.')).toEqual([
			'05 65 53 01 01=tel:0565530101',
			'05.65.20.10.10=tel:0565201010',
			'0565123456=tel:0565123456'
		]);
		expect(links('Depuis l’étranger : +33 5 65 53 01 01')).toEqual(['+33 5 65 53 01 01=tel:+33565530101']);
	});

	it('leaves hours, ages, distances and other figures as text', () => {
		expect(links('Ouvert le 17 h et jusqu’à 18 ans, à 15 km, le 15 mars, de 9 h à 17 h.')).toEqual([]);
		expect(links('Permanence le 18 et le 1er du mois. Code 46000, SIRET 21460042100014.')).toEqual([]);
		expect(links('Un numéro 12345 ou 056553010199')).toEqual([]);
		// after « au », a unit or a month says it is not a number to call
		expect(links('Inscriptions du 1er au 15 mars, accueil au 18 ans révolus, de 9 h au 17 h.')).toEqual([]);
	});

	it('keeps every character of the text, in order, as text', () => {
		const text = '<b>Appelez le 115</b> ou le 05 65 53 01 01 <script>';
		expect(
			phoneParts(text)
				.map((p) => p.text)
				.join('')
		).toBe(text);
		expect(phoneParts('rien à lier')).toEqual([{ text: 'rien à lier' }]);
	});
});
