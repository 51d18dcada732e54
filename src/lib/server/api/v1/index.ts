/** Loading these modules registers every /api/v1 operation (see ../operation.ts). */
export * as territories from './territories';
export * as sessions from './sessions';
export * as organisations from './organisations';
export * as audit from './audit';
export * as directory from './directory';
