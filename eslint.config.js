import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs['flat/recommended'],
	{ languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } } },
	{ files: ['**/*.svelte'], languageOptions: { parserOptions: { parser: ts.parser } } },
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'data/', 'drizzle/'] }
);
