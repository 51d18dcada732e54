import { config } from '../config';

/** Links sent by e-mail use ORIGIN when set (behind a proxy the request URL may be internal). */
export const publicBaseUrl = (url: URL) => (config().origin ?? url.origin).replace(/\/$/, '');
