#!/usr/bin/env node
// French typography of the message catalogues: a narrow no-break space (U+202F) before ; : ! ? and inside « ».
// Usage: node scripts/french-typography.mjs [files…] (default: every French catalogue). Rewrites the files in
// place, touching only the spaces (the layout of the JSON is kept). src/lib/i18n/typography.test.ts checks it.
import fs from 'node:fs';
import path from 'node:path';

const NNBSP = '\u202f';
const dir = 'src/lib/i18n/messages';
const files =
	process.argv.length > 2
		? process.argv.slice(2)
		: fs
				.readdirSync(dir)
				.filter((f) => f === 'fr.json' || f.endsWith('.fr.json'))
				.map((f) => path.join(dir, f));

for (const file of files) {
	const before = fs.readFileSync(file, 'utf8');
	// JSON keys are followed by ":" without a space, so only the texts change
	const after = before
		.replace(/[ \u00a0]+([;:!?])/g, `${NNBSP}$1`)
		.replace(/«[ \u00a0]*/g, `«${NNBSP}`)
		.replace(/[ \u00a0]*»/g, `${NNBSP}»`);
	JSON.parse(after);
	if (after !== before) {
		fs.writeFileSync(file, after);
		console.log(`${file}: fixed`);
	}
}
