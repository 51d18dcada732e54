import { PUBLIC_PAGES } from '$lib/server/portal/public-pages';
import type { PageServerLoad } from './$types';

/** The accessibility statement (RGAA 4.1 model): the pages its audit covered are the browser test's list. */
export const load: PageServerLoad = () => ({ pages: [...PUBLIC_PAGES, '/aide/services/…'] });
