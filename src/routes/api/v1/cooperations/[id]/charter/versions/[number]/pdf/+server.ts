import { charters } from '$lib/server/api/v1';

export const GET = charters.charterVersionPdf;
