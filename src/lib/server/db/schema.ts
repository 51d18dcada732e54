/** Every domain's tables, for Drizzle's typed client. */
export * from '../territories/schema';
export * from '../auth/schema';
export * from '../organisations/schema';
export * from '../audit/schema';
export * from '../directory/schema';
export * from '../auth/coordinations-schema';
export * from '../cooperations/schema';
export * from '../governance/schema';
export * from '../notifications/schema';
export * from '../glossary/schema';
export * from '../charters/schema';
export * from '../pathways/schema';
export * from '../needs/schema';
export * from '../fund/schema';
export * from '../indicators/schema';
export * from '../feedback/schema';
export * from '../forums/schema';
