import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { useServer } from '../support/server';
import { clickAndWait, expectNoAxeViolations, open, signInAs, useBrowser } from '../support/browser';

const server = useServer();
const b = useBrowser();

const signIn = (page: Page, email: string) => signInAs(page, server.url, email);
/** Follows a link as a new document (the app navigates client-side otherwise). */
const follow = async (page: Page, link: Locator) =>
	open(page, new URL((await link.getAttribute('href'))!, page.url()).toString());

describe('meetings of a cooperation’s body (issue 10 §4–5)', () => {
	it('a meeting with agenda, an agenda item turned into an action, attendance, a decision and minutes approved by the attendees', async () => {
		const { page } = await b.newPage();
		await signIn(page, 'coordination@demo.maillage.fr');
		// the territory view of every body, with the overlaps explained
		await follow(page, page.getByRole('banner').getByRole('link', { name: 'Instances' }));
		await page.getByRole('heading', { level: 1, name: 'Les instances du territoire' }).waitFor();
		await expectNoAxeViolations(page);
		await follow(page, page.getByRole('link', { name: 'Comité de pilotage VIF du Lot' }));
		await page.getByRole('heading', { level: 1, name: 'Comité de pilotage VIF du Lot' }).waitFor();
		await expectNoAxeViolations(page);

		// convene: the rotating chair proposes the member after the last chair (CAF), i.e. the CCAS
		const create = page.locator('form[action="?/createMeeting"]');
		const chair = create.getByLabel('Présidence de séance');
		expect(await chair.locator('option:checked').textContent()).toContain('CCAS de Cahors');
		await create.getByLabel('Titre', { exact: true }).fill('Comité de pilotage n° 3');
		await create.getByLabel('Début').fill('2027-03-16T14:00');
		await create.getByLabel('Fin').fill('2027-03-16T16:30');
		await create.getByLabel('Lieu').fill('Hôtel du Département, Cahors');
		await chair.selectOption({ label: 'Camille Administratrice (Département du Lot (démo))' });
		await create.getByLabel('Point 1 : titre').fill('Bilan du protocole de mise à l’abri');
		await create.getByLabel('Point 1 : durée en minutes').fill('45');
		await create.getByLabel('Point 2 : titre').fill('Semaine de sensibilisation');
		await create.getByLabel('Point 2 : durée en minutes').fill('30');
		await clickAndWait(page, create.getByRole('button', { name: 'Convoquer et envoyer les invitations' }));
		await page.getByRole('heading', { level: 1, name: 'Comité de pilotage n° 3' }).waitFor();
		const meetingUrl = page.url();
		expect(await page.getByText('Durée totale').textContent()).toContain('1\u00a0h\u00a015');
		await expectNoAxeViolations(page);

		// an agenda item becomes an action in one step, its title carried over
		const toAction = page.getByRole('group', { name: /Transformer « Semaine de sensibilisation »/ });
		expect(await toAction.getByLabel('Titre').inputValue()).toBe('Semaine de sensibilisation');
		await toAction
			.getByLabel('Responsable')
			.selectOption({ label: 'Joël Conseiller CAF (CAF du Lot (démo))' });
		await toAction.getByLabel('Échéance').fill('2027-04-15');
		await clickAndWait(page, toAction.getByRole('button', { name: 'Créer l’action' }));
		expect(await page.locator('#actions + ul').textContent()).toContain('Semaine de sensibilisation');

		// attendance: the Département and the CAF present, the others absent
		await page.getByLabel('Présent·e : Camille Administratrice', { exact: true }).check();
		await page.getByLabel('Présent·e : Joël Conseiller CAF', { exact: true }).check();
		await clickAndWait(page, page.getByRole('button', { name: 'Enregistrer les présences' }));

		// a decision with a review date before it is refused with the field named
		const decision = page.locator('form[action="?/decision"]');
		await decision.getByLabel('Titre').fill('Reconduire le protocole de mise à l’abri');
		await decision.getByLabel('Texte de la décision').fill('Le protocole est reconduit pour un an.');
		await decision.getByLabel('Date de la décision').fill('2027-03-16');
		await decision.getByLabel('Date de réexamen').fill('2027-01-01');
		await clickAndWait(page, decision.getByRole('button', { name: 'Consigner la décision' }));
		expect(await page.locator('#field-reviewOn-error').textContent()).toContain('réexamen');
		await expectNoAxeViolations(page);
		await page.locator('form[action="?/decision"]').getByLabel('Date de réexamen').fill('2028-03-16');
		await clickAndWait(page, page.getByRole('button', { name: 'Consigner la décision' }));
		expect(await page.locator('#decisions ~ ul').first().textContent()).toContain(
			'Reconduire le protocole de mise à l’abri'
		);

		// minutes: drafted (a script is removed), proposed to the two attendees
		await page
			.getByLabel('Rédiger le compte rendu')
			.fill('<p>Le protocole est <strong>reconduit</strong>.</p><script>alert(1)</script>');
		await clickAndWait(page, page.getByRole('button', { name: 'Enregistrer' }).last());
		await clickAndWait(page, page.getByRole('button', { name: 'Soumettre aux présents' }));
		expect(await page.locator('.minutes').innerHTML()).not.toContain('script');
		expect(await page.getByText('Soumis aux présents').count()).toBe(1);

		// each attendee approves for themself; the minutes are approved when both have
		for (const email of ['admin@demo.maillage.fr', 'caf@demo.maillage.fr']) {
			const attendee = (await b.newPage()).page;
			await signIn(attendee, email);
			await open(attendee, meetingUrl);
			await clickAndWait(attendee, attendee.getByRole('button', { name: 'J’approuve ce compte rendu' }));
			await expectNoAxeViolations(attendee);
			if (email.startsWith('caf')) {
				expect(await attendee.getByText('Approuvé', { exact: true }).count()).toBe(1);
				// « Mes actions »: the CAF finds the action of the agenda item
				await follow(attendee, attendee.getByRole('banner').getByRole('link', { name: 'Mes actions' }));
				await attendee.getByRole('heading', { level: 1, name: 'Mes actions' }).waitFor();
				expect(
					await attendee.getByRole('row').filter({ hasText: 'Semaine de sensibilisation' }).count()
				).toBe(1);
				await expectNoAxeViolations(attendee);
			}
		}
	});

	it('an overdue action shows in the cooperation’s open actions, and the bodies page fits 320 px', async () => {
		const { page } = await b.newPage({ viewport: { width: 320, height: 640 } });
		await signIn(page, 'ecoute-violences@demo.maillage.fr');
		await follow(page, page.getByRole('banner').getByRole('link', { name: 'Instances' }));
		await follow(page, page.getByRole('link', { name: 'Comité technique VIF' }));
		await follow(page, page.getByRole('link', { name: /Réseau violences intrafamiliales/ }).first());
		await expectNoAxeViolations(page);
		await follow(page, page.getByRole('link', { name: 'Actions ouvertes de la coopération' }));
		const row = page.getByRole('row').filter({ hasText: 'Rédiger la plaquette commune' });
		expect(await row.textContent()).toContain('En retard');
		await expectNoAxeViolations(page);
	});
});
