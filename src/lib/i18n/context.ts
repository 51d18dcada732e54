import { getContext, setContext } from 'svelte';
import { formatters, translator, type Translate } from './index';
import type { Locale } from './locales';

const KEY = Symbol('i18n');

export interface I18n {
	locale: Locale;
	t: Translate;
	fmt: ReturnType<typeof formatters>;
}

export function provideI18n(getLocale: () => Locale): void {
	setContext(KEY, {
		get locale() {
			return getLocale();
		},
		get t() {
			return translator(getLocale());
		},
		get fmt() {
			return formatters(getLocale());
		}
	} satisfies I18n);
}

/** In a component: `const i18n = useI18n();` then `i18n.t('key')` in the markup. */
export const useI18n = (): I18n => getContext<I18n>(KEY);
