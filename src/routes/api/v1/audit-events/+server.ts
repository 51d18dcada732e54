import { audit } from '$lib/server/api/v1';

export const GET = audit.listAuditEvents;
