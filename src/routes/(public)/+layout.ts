/**
 * The public portal ships no client JavaScript (light pages for old phones, nothing to break without JS):
 * SvelteKit renders on the server only. The one script is /quick-exit.js, loaded by the root layout.
 */
export const csr = false;
