import { describe, expect, it } from 'vitest';
import { deidentify, REMOVED, wordCount } from './deidentify';

const { email: E, phone: P, name: N, date: D } = REMOVED;

describe('de-identification of feedback', () => {
	it.each([
		['Écrivez-moi à marie.dupuy@example.fr merci', `Écrivez-moi à ${E} merci`],
		['contact : Jean_Luc+avis@mairie-cahors.gouv.fr.', `contact : ${E}.`],
		['Mon numéro : 06 12 34 56 78.', `Mon numéro : ${P}.`],
		['appelez le 05.65.23.06.10 le matin', `appelez le ${P} le matin`],
		['au +33 6 12 34 56 78 ou au 0033 5 65 20 88 00', `au ${P} ou au ${P}`],
		['tél. 0612345678', `tél. ${P}`],
		['tél. 06-12-34-56-78', `tél. ${P}`],
		['+33612345678', P]
	])('contacts: %s', (text, expected) => expect(deidentify(text)).toBe(expected));

	it.each([
		['Mme Durand a été très gentille', `Mme ${N} a été très gentille`],
		['Madame Marie Durand m’a reçue', `Madame ${N} m’a reçue`],
		['M. DUPONT ne répond jamais', `M. ${N} ne répond jamais`],
		['Monsieur Jean-Pierre Martin', `Monsieur ${N}`],
		['le Dr Lefèvre à Cahors', `le Dr ${N} à Cahors`],
		['Maître de La Tour nous a aidés', `Maître ${N} nous a aidés`],
		['Mlle D. au guichet', `Mlle ${N} au guichet`],
		['Bonjour, je m’appelle Sophie et je vis à Figeac', `Bonjour, je m’appelle ${N} et je vis à Figeac`],
		["Je m'appelle Karim Benali.", `Je m'appelle ${N}.`],
		['l’assistante sociale Martin m’a orientée', `l’assistante sociale ${N} m’a orientée`],
		['La conseillère Julie était absente', `La conseillère ${N} était absente`],
		['mon éducateur spécialisé Thomas', `mon éducateur spécialisé ${N}`],
		['la secrétaire, Nadia, a décroché', `la secrétaire, ${N}, a décroché`]
	])('names: %s', (text, expected) => expect(deidentify(text)).toBe(expected));

	it.each([
		['rendez-vous le 12/03/2024 à 14 h', `rendez-vous le ${D} à 14 h`],
		['le 3-4-24 puis le 2024-05-02', `le ${D} puis le ${D}`],
		['vu le 12/03, rappelé du 5.6 au 7.6', `vu le ${D}, rappelé du ${D} au ${D}`],
		['reçue le 1er mars, puis le lundi 15 avril 2024', `reçue le ${D}, puis le ${D}`],
		['Le 12 Mars nous avons attendu', `Le ${D} nous avons attendu`],
		['le 7 déc. à l’accueil', `le ${D} à l’accueil`]
	])('dates: %s', (text, expected) => expect(deidentify(text)).toBe(expected));

	it.each([
		'La Mme de l’accueil était pressée.',
		'Mme, je vous écris pour dire merci.',
		'L’accueil de la CAF à Cahors est trop loin de Saint-Céré.',
		'J’habite à Figeac et la permanence est à Gourdon.',
		'l’assistante sociale de Cahors et le conseiller CAF',
		'la conseillère à Souillac',
		'j’ai appelé la mairie trois fois',
		'En mars et en 2023, rien ne bougeait ; 1000 euros de dettes, code postal 46000.',
		'Il faut 3 heures de bus, 2 fois par semaine, de 9/10 personnes.',
		'Le RSA, l’APL et la CMU : trop de sigles.',
		'Merci à toute l’équipe du Secours populaire !',
		'Les horaires 9 h - 12 h ne conviennent pas.'
	])('leaves alone: %s', (text) => expect(deidentify(text)).toBe(text));

	it('keeps the rest of a long text, each item replaced', () => {
		const text =
			'Le 04/11/2024, Mme Roux (roux@example.fr, 06 11 22 33 44) m’a dit de revenir. Rien depuis à Cahors.';
		expect(deidentify(text)).toBe(`Le ${D}, Mme ${N} (${E}, ${P}) m’a dit de revenir. Rien depuis à Cahors.`);
	});

	it('counts words between spaces', () => {
		expect(wordCount('')).toBe(0);
		expect(wordCount('  un   deux\ntrois\u00a0quatre ')).toBe(4);
		expect(wordCount('l’accueil est-il ouvert ?')).toBe(4);
	});
});
