import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';

/**
 * `{@html}` is the one way a Svelte template writes text as markup. Partners type the names and descriptions
 * shown to the public, so each use is listed here with why it is safe: a new one fails this test until someone
 * has checked it escapes what it writes (tests/system/hardening.test.ts checks the rendered pages).
 */
const REVIEWED = [
	// JSON-LD data block built by portal/json-ld.ts jsonLdElement: `<`, `>`, `&` written as \u escapes
	// sanitised HTML marked up by glossary/service.ts markupGlossary (markupHtml escapes every text it writes)
	'src/lib/components/GlossaryHtml.svelte: {@html html}',
	'src/routes/(public)/aide/services/[id]/+page.svelte: {@html data.jsonLd}'
];

function svelteFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return svelteFiles(full);
		return entry.name.endsWith('.svelte') ? [full] : [];
	});
}

describe('raw HTML in templates', () => {
	it('only the reviewed {@html} remain', () => {
		const found = svelteFiles('src').flatMap((file) => {
			const source = fs.readFileSync(file, 'utf8');
			return [...source.matchAll(/\{@html\s[^}]*\}/g)].map(
				(m) => `${path.relative('.', file).split(path.sep).join('/')}: ${m[0].replace(/\s+/g, ' ')}`
			);
		});
		expect(found).toEqual(REVIEWED);
	});
});
