/** Loading these modules registers every /api/v1 operation (see ../operation.ts). */
export * as territories from './territories';
export * as sessions from './sessions';
export * as organisations from './organisations';
export * as audit from './audit';
export * as directory from './directory';
export * as directoryAdmin from './directory-admin';
export * as services from './services';
export * as imports from './imports';
export * as coordinations from './coordinations';
export * as corrections from './corrections';
export * as synonyms from './synonyms';
export * as notifications from './notifications';
