// Makes sure the browser tests have Debian's Chromium (never a downloaded one): installs it with apt when this
// runs as root on a machine with apt-get, otherwise says in one line what to install.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = () => spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;

/** Returns null when Chromium is there (or was just installed), else the one-line reason it is not. */
export function ensureChromium({ install = true } = {}) {
	const executable = chromiumPath();
	if (fs.existsSync(executable)) return null;
	if (process.env.CHROMIUM_PATH)
		return `CHROMIUM_PATH=${executable} does not exist: point it at a Chromium executable.`;
	if (install && isRoot() && hasApt()) {
		console.log('▶ installing Debian’s chromium for the browser tests (apt-get install chromium)');
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
		spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
		if (fs.existsSync(executable)) return null;
		return `apt-get could not install chromium: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`;
	}
	return `Chromium is missing at ${executable}: run \`sudo apt-get install -y chromium\` or set CHROMIUM_PATH to another Chromium.`;
}
