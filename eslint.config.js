import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs['flat/recommended'],
	// TypeScript and svelte-check already resolve names; no-undef only misreads DOM/Node globals
	{ rules: { 'no-undef': 'off' } },
	{
		files: ['**/*.svelte'],
		languageOptions: { parserOptions: { parser: ts.parser } },
		// the app is served at the root (no base path), so plain hrefs are correct
		rules: { 'svelte/no-navigation-without-resolve': 'off' }
	},
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'data/', 'drizzle/'] }
);
