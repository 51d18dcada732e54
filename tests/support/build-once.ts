import fs from 'node:fs';
import path from 'node:path';

/** System and browser tests run the built server; scripts/test.js builds it once before them. */
export default function setup() {
	if (!fs.existsSync(path.resolve('build/index.js'))) {
		throw new Error('No build found: run `npm run build` first (npm test does it).');
	}
}
