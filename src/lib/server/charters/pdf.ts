import PDFDocument from 'pdfkit';
import type { Context } from '../context';
import { audit } from '../audit/service';
import { getVersion } from './service';
import { partsOf } from './queries';

const STATUS_LABELS: Record<string, string> = {
	draft: 'Brouillon',
	in_approval: 'En cours d’approbation',
	frozen: 'En vigueur (figée)',
	superseded: 'Remplacée par une version ultérieure'
};

/**
 * The standard PDF fonts encode WinAnsi: « », é, à, œ, ’, € are in it, the narrow no-break space is not
 * (it becomes a no-break space, which the text extraction reads as a space).
 */
const pdfText = (s: string) => s.replace(/\u202f/g, '\u00a0');

const frDateTime = (d: Date) =>
	new Intl.DateTimeFormat('fr-FR', {
		dateStyle: 'long',
		timeStyle: 'short',
		timeZone: 'Europe/Paris'
	}).format(d);

/** A version as a PDF (pdfkit, standard Helvetica): its content, content hash and the parties' approvals. */
export async function versionPdf(ctx: Context, cooperationId: string, number: number): Promise<Uint8Array> {
	const { access, version, approvals } = await getVersion(ctx, cooperationId, number);
	await audit(ctx, {
		action: 'charter.pdf',
		objectType: 'charterVersion',
		objectId: version.id,
		details: { cooperationId, number }
	});
	const doc = new PDFDocument({
		size: 'A4',
		margin: 56,
		lang: 'fr-FR',
		info: {
			Title: pdfText(`${version.content.title} — version ${version.number}`),
			Author: pdfText(access.cooperation.name),
			Subject: 'Charte de coopération',
			Creator: 'Maillage'
		}
	});
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));

	doc.font('Helvetica-Bold').fontSize(18).text(pdfText(version.content.title));
	doc.moveDown(0.3).font('Helvetica').fontSize(11);
	doc.text(pdfText(`${access.cooperation.name} — version ${version.number}`));
	doc.text(pdfText(`Statut\u202f: ${STATUS_LABELS[version.status] ?? version.status}`));
	if (version.contentHash) {
		doc.text(pdfText(`Empreinte SHA-256 du contenu approuvé\u202f:`));
		doc.font('Courier').fontSize(9).text(version.contentHash).font('Helvetica').fontSize(11);
	}
	if (version.frozenAt) doc.text(pdfText(`Figée le ${frDateTime(version.frozenAt)}`));

	for (const part of partsOf(access, version.content).slice(1)) {
		doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text(pdfText(part.label));
		doc
			.moveDown(0.2)
			.font('Helvetica')
			.fontSize(10.5)
			.text(pdfText(part.text || '—'), { align: 'left' });
	}

	doc.moveDown(1).font('Helvetica-Bold').fontSize(13).text('Approbations des parties');
	doc.moveDown(0.2).font('Helvetica').fontSize(10.5);
	const names = new Map(access.parties.map((p) => [p.organisationId, p.organisationName]));
	const current = approvals.filter((a) => !a.invalidatedAt);
	if (!current.length) doc.text('Aucune approbation pour le moment.');
	for (const a of current)
		doc.text(
			pdfText(
				`${names.get(a.organisationId) ?? 'Partie retirée'}\u202f: ${
					a.decision === 'approved' ? 'approuvée' : `modifications demandées («\u202f${a.reason}\u202f»)`
				} par ${a.userName ?? 'un compte supprimé'}, le ${frDateTime(a.createdAt)}`
			)
		);
	doc.end();
	await done;
	return new Uint8Array(Buffer.concat(chunks));
}
