import { governanceActions } from '$lib/server/api/v1';

export const POST = governanceActions.actionFromAgendaItemOperation;
