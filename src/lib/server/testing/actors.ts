import type { Actor, ActorCoordination, Role, TerritoryRef } from '../policy/actor';

/** Builds actors for tests without going through sign-in. */
export function actorWith(
	memberships: { organisationId: string; role: Role; territory?: TerritoryRef; organisationKind?: string }[],
	options: { instanceAdmin?: boolean; id?: string; coordinations?: ActorCoordination[] } = {}
): Actor {
	return {
		user: {
			id: options.id ?? '00000000-0000-4000-8000-000000000001',
			email: 'agent@example.fr',
			displayName: 'Agent de test',
			isInstanceAdmin: options.instanceAdmin ?? false
		},
		memberships: memberships.map((m) => ({
			organisationId: m.organisationId,
			organisationName: 'Organisation',
			role: m.role,
			territory: m.territory ?? { type: 'departement', code: '46' },
			...(m.organisationKind ? { organisationKind: m.organisationKind } : {})
		})),
		coordinations: options.coordinations ?? []
	};
}
