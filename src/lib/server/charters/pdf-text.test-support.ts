import path from 'node:path';

/** Test support: the text of a PDF, page after page, read back with pdfjs-dist. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
	const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
	const standardFontDataUrl = `${path.resolve('node_modules/pdfjs-dist/standard_fonts')}/`;
	const pdf = await getDocument({ data: bytes, standardFontDataUrl, useSystemFonts: false }).promise;
	let text = '';
	for (let i = 1; i <= pdf.numPages; i++) {
		const content = await (await pdf.getPage(i)).getTextContent();
		text += `${content.items.map((it) => ('str' in it ? it.str : '')).join(' ')}\n`;
	}
	return text;
}
