import PDFDocument from 'pdfkit';
import type { Context } from '../context';
import { exportPerson, type PersonExport } from './export';

/** The right-of-access export as a readable French PDF (pdfkit, standard Helvetica, like charters/pdf.ts). */

/** WinAnsi has no narrow no-break space: it becomes a no-break space. */
const t = (s: string) => s.replace(/\u202f/g, '\u00a0');
const day = (iso: string | null) =>
	iso
		? new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date(iso))
		: '—';
const dateTime = (iso: string) =>
	new Intl.DateTimeFormat('fr-FR', {
		dateStyle: 'short',
		timeStyle: 'short',
		timeZone: 'Europe/Paris'
	}).format(new Date(iso));

/** A sealed value as text: a string, or the fields of an object (« prénom : … »). */
function text(value: unknown): string {
	if (value === null || value === undefined) return '—';
	if (typeof value === 'string') return value;
	if (typeof value === 'object')
		return Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== null && v !== undefined && v !== '')
			.map(([k, v]) => `${LABELS[k] ?? k}\u202f: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
			.join(' ; ');
	return String(value);
}

const LABELS: Record<string, string> = {
	firstName: 'Prénom',
	lastName: 'Nom',
	usualName: 'Nom d’usage',
	birthDate: 'Date de naissance',
	phone: 'Téléphone',
	email: 'Courriel',
	address: 'Adresse',
	text: 'Texte',
	message: 'Message',
	place: 'Lieu',
	with: 'Avec'
};

export function renderExportPdf(data: PersonExport): Promise<Uint8Array> {
	const doc = new PDFDocument({
		size: 'A4',
		margin: 56,
		lang: 'fr-FR',
		info: { Title: 'Export au titre du droit d’accès', Creator: 'Maillage' }
	});
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
	const heading = (s: string) =>
		doc
			.moveDown(0.8)
			.font('Helvetica-Bold')
			.fontSize(13)
			.text(t(s))
			.font('Helvetica')
			.fontSize(10.5)
			.moveDown(0.2);
	const line = (s: string) => doc.text(t(s));
	const list = <T>(items: T[], empty: string, each: (item: T) => string) => {
		if (!items.length) line(empty);
		for (const item of items) line(`• ${each(item)}`);
	};

	doc.font('Helvetica-Bold').fontSize(18).text(t('Données personnelles — droit d’accès'));
	doc.moveDown(0.3).font('Helvetica').fontSize(10.5);
	line(`Organisme détenteur du dossier\u202f: ${data.person.holderOrganisation}`);
	line(`Export établi le ${dateTime(data.generatedAt)}, référence du dossier ${data.person.id}`);

	heading('Identité et coordonnées');
	line(`Identité\u202f: ${text(data.person.identity)}`);
	line(`Coordonnées\u202f: ${text(data.person.contact)}`);
	line(`Situation\u202f: ${text(data.person.situation)}`);
	line(
		`Commune (code INSEE)\u202f: ${data.person.communeCode ?? '—'} ; langue\u202f: ${data.person.preferredLanguage ?? '—'}`
	);
	line(
		`Dossier créé le ${day(data.person.createdAt)}, dernière activité le ${day(data.person.lastActivityAt)}`
	);

	heading('Consentements');
	list(
		data.consents,
		'Aucun consentement.',
		(c) =>
			`donné le ${day(c.givenOn)} (${c.collectedHow === 'written' ? 'écrit' : 'oral'}) à ${[...c.organisations, ...c.organisationKinds].join(', ') || '—'} pour ${c.categories.join(', ')}\u202f; objet\u202f: ${text(c.purpose)}${c.expiresOn ? `\u202f; expire le ${day(c.expiresOn)}` : ''}${c.withdrawnAt ? `\u202f; retiré le ${day(c.withdrawnAt)}` : ''}`
	);

	heading('Référents de parcours');
	list(
		data.referents,
		'Aucun référent.',
		(r) =>
			`${r.name ?? 'compte supprimé'} (${r.organisation ?? '—'}) du ${day(r.since)}${r.until ? ` au ${day(r.until)}` : ''}`
	);

	heading('Suivi');
	list(
		data.entries,
		'Aucune entrée.',
		(e) =>
			`${day(e.occursAt)} — ${e.organisation}, ${e.author ?? 'compte supprimé'} (${e.kind}, ${e.category})\u202f: ${text(e.content)}`
	);
	if (data.otherHolders.length) {
		line(
			'D’autres organismes détiennent des entrées que cet export ne contient pas ; ils répondent eux-mêmes à une demande d’accès\u202f:'
		);
		for (const o of data.otherHolders) line(`• ${o.organisation}\u202f: ${o.entries} entrée(s)`);
	}

	heading('Orientations');
	list(
		data.referrals,
		'Aucune orientation.',
		(r) =>
			`${day(r.createdAt)} — de ${r.from} vers ${r.to}\u202f: ${r.status}${r.refusalReason ? ` (${r.refusalReason})` : ''}${r.message ? `\u202f; message\u202f: ${text(r.message)}` : ''}${r.outcome ? `\u202f; issue\u202f: ${text(r.outcome)}` : ''}\u202f; étapes\u202f: ${r.events.map((e) => `${e.to} le ${dateTime(e.at)}`).join(', ') || '—'}`
	);

	heading('Alertes de parcours « ping-pong »');
	list(
		data.pingPongFlags,
		'Aucune alerte.',
		(f) => `${day(f.raisedAt)} — ${f.status}${f.handling ? `\u202f: ${text(f.handling)}` : ''}`
	);

	heading('Accès d’urgence');
	list(
		data.breakGlass,
		'Aucun accès d’urgence.',
		(g) =>
			`${dateTime(g.grantedAt)} — ${g.requester ?? 'compte supprimé'} (${g.organisation})\u202f: ${text(g.reason)}`
	);

	heading('Qui a consulté ce dossier');
	list(
		data.accessLog,
		'Aucune consultation.',
		(e) =>
			`${dateTime(e.at)} — ${e.actorName ?? 'système'}${e.organisationName ? ` (${e.organisationName})` : ''}\u202f: ${e.what ?? e.action}${e.ground ? `, motif\u202f: ${e.ground}` : ''}`
	);
	doc.end();
	return done.then(() => new Uint8Array(Buffer.concat(chunks)));
}

/** The export as PDF (the JSON export's read is the audited one). */
export async function exportPersonPdf(ctx: Context, personId: string): Promise<Uint8Array> {
	return renderExportPdf(await exportPerson(ctx, personId));
}
