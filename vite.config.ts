import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [sveltekit()],
	server: { port: 3000 },
	ssr: {
		// Native / wasm packages stay in node_modules instead of being bundled.
		external: ['@electric-sql/pglite', '@node-rs/argon2', 'pg', 'pino']
	}
});
