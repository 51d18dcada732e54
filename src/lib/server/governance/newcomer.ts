import type { Context } from '../context';
import { inTransaction } from '../db/transaction';
import { notify } from '../notifications/service';
import { mailer } from '../mail';
import { config } from '../config';
import { frenchDate } from '../jobs/clock';
import { decisionsInForce, openActions, seatOf, type Seat } from './newcomer-queries';
import { charterHeadlineForMembers } from '../charters/queries';
import { glossaryTermsIn } from '../glossary/service';

/*
 * The newcomer digest (issue 10 §7): what someone joining a body needs to catch up — their mandate, the body and its
 * cooperation, the charter in force, the decisions in force, the open actions, the glossary terms the body uses.
 * Built from sections: adding one is one function and one line in SECTIONS.
 */

const NNBSP = '\u202f';
const MANDATES: Record<string, string> = {
	direction: 'direction (vous engagez votre institution)',
	encadrement: 'encadrement intermédiaire (vous engagez votre équipe)',
	operationnel: 'opérationnel'
};
const KINDS: Record<string, string> = {
	pilotage: 'instance de pilotage',
	technique: 'instance technique',
	partage_situations: 'instance de partage de situations'
};

export interface NewcomerSection {
	heading: string;
	lines: string[];
}

/** What a section builder reads: the seat and the database (inside the digest's transaction). */
export type SectionBuilder = (ctx: Pick<Context, 'db'>, seat: Seat) => Promise<NewcomerSection | null>;

const link = (path: string) => `${(config().origin ?? 'http://localhost:3000').replace(/\/$/, '')}${path}`;

export const mandateSection: SectionBuilder = async (_ctx, seat) => ({
	heading: 'Votre mandat',
	lines: [
		`Vous représentez ${seat.organisationName} au niveau ${MANDATES[seat.mandate] ?? seat.mandate}.`,
		`Depuis le ${frenchDate(seat.startsOn)}${seat.endsOn ? `, jusqu’au ${frenchDate(seat.endsOn)}` : ''}.`
	]
});

export const bodySection: SectionBuilder = async (_ctx, seat) => ({
	heading: `${seat.bodyName} (${KINDS[seat.bodyKind] ?? seat.bodyKind})`,
	lines: [
		`Coopération${NNBSP}: ${seat.cooperationName}`,
		...(seat.bodyDescription ? [seat.bodyDescription] : []),
		link(`/cooperations/${seat.cooperationId}`)
	]
});

/** The charter in force: its version, title and dates, with the link to read it (or that none is in force yet). */
export const charterSection: SectionBuilder = async (ctx, seat) => {
	const charter = await charterHeadlineForMembers(ctx, seat.cooperationId);
	return {
		heading: 'Charte en vigueur',
		lines: charter
			? [
					`Version ${charter.number} — ${charter.title}, en vigueur depuis le ${frenchDate(charter.frozenAt.toISOString().slice(0, 10))}.`,
					...(charter.reviewOn ? [`Révision prévue le ${frenchDate(charter.reviewOn)}.`] : []),
					link(`/cooperations/${seat.cooperationId}/charte`)
				]
			: ['Aucune version de la charte n’est encore en vigueur.']
	};
};

/** The glossary terms the body's decisions and description use, with their definition. */
export const glossarySection: SectionBuilder = async (ctx, seat) => {
	const decisions = await decisionsInForce(ctx.db, seat.bodyId);
	const terms = await glossaryTermsIn(ctx, null, [
		seat.bodyDescription,
		seat.cooperationName,
		...decisions.map((d) => d.title)
	]);
	if (!terms.length) return null;
	return {
		heading: 'Les mots de l’instance',
		lines: terms.map((t) => `${t.term}${NNBSP}: ${t.definition}`)
	};
};

export const decisionsSection: SectionBuilder = async (ctx, seat) => {
	const decisions = await decisionsInForce(ctx.db, seat.bodyId);
	return {
		heading: 'Décisions en vigueur',
		lines: decisions.length
			? decisions.map(
					(d) =>
						`– ${d.title} (décidée le ${frenchDate(d.decidedOn)}${d.reviewOn ? `, à réexaminer le ${frenchDate(d.reviewOn)}` : ''})`
				)
			: ['Aucune décision en vigueur pour l’instant.']
	};
};

export const actionsSection: SectionBuilder = async (ctx, seat) => {
	const actions = await openActions(ctx.db, seat.bodyId);
	return {
		heading: 'Actions en cours',
		lines: actions.length
			? actions.map((a) => `– ${a.title} (${a.ownerName}, échéance le ${frenchDate(a.dueOn)})`)
			: ['Aucune action en cours.']
	};
};

const SECTIONS: SectionBuilder[] = [
	mandateSection,
	bodySection,
	charterSection,
	decisionsSection,
	actionsSection,
	glossarySection
];

export async function newcomerSections(ctx: Pick<Context, 'db'>, seat: Seat): Promise<NewcomerSection[]> {
	const sections: NewcomerSection[] = [];
	for (const build of SECTIONS) {
		const section = await build(ctx, seat);
		if (section) sections.push(section);
	}
	return sections;
}

export function newcomerText(seat: Seat, sections: NewcomerSection[]): string {
	return [
		`Bonjour ${seat.displayName},`,
		'',
		`Bienvenue dans ${seat.bodyName}. Voici de quoi prendre vos repères${NNBSP}:`,
		...sections.flatMap((s) => ['', `■ ${s.heading}`, '', ...s.lines])
	].join('\n');
}

/**
 * Sends the newcomer digest of a seat, once: the welcome event recorded in the same transaction is the lock (a second
 * run, in this process or another, finds it recorded and sends nothing). A mail that cannot leave rolls the event back.
 * Returns false when there was nothing to send (unknown seat, already sent).
 */
export async function sendNewcomerDigest(ctx: Pick<Context, 'db'>, bodyMemberId: string): Promise<boolean> {
	return inTransaction(ctx, async (tx) => {
		const seat = await seatOf(tx.db, bodyMemberId);
		if (!seat) return false;
		const first = await notify(tx, {
			kind: 'governance.body.welcome',
			title: `Bienvenue dans ${seat.bodyName}`,
			text: 'Un récapitulatif pour prendre vos repères vous a été envoyé par courriel.',
			url: `/cooperations/${seat.cooperationId}`,
			cooperationId: seat.cooperationId,
			bodyId: seat.bodyId,
			recipients: [seat.userId],
			dedupeKey: `governance.newcomer:${seat.id}`
		});
		if (!first) return false;
		const sections = await newcomerSections(tx, seat);
		await mailer().send({
			to: seat.email,
			subject: `Maillage${NNBSP}: bienvenue dans ${seat.bodyName}`,
			text: newcomerText(seat, sections)
		});
		return true;
	});
}
