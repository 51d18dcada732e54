import type { Context } from '../context';
import { NotFoundError, ValidationError } from '../errors';
import { authorize, type Action, type Target } from '../policy/policy';
import { audit } from '../audit/service';
import { territoryPath } from '../territories/service';
import { inTransaction } from '../db/transaction';
import { CATEGORIES, THEMATIQUES } from './codes';
import * as repo from './repository';
import * as correspondentsRepo from './correspondents-repository';
import type { CorrespondentInput } from './validation';

/**
 * The "liste de correspondants" (seed 004): named people per structure and theme. Partners only: the public
 * portal never shows them. Writes belong to the structure's organisation and the coordinators of its place.
 */
export type { CorrespondentRow } from './correspondents-repository';

const THEMES: readonly string[] = [...CATEGORIES, ...THEMATIQUES];

/** A theme is a data·inclusion category ("logement-hebergement") or a leaf thématique. */
export const isTheme = (code: string) => THEMES.includes(code);

export async function structureTarget(
	ctx: Pick<Context, 'db'>,
	structure: Pick<repo.StructureRow, 'organisationId' | 'communeCode'>
): Promise<Target> {
	return {
		organisationId: structure.organisationId ?? undefined,
		place: structure.communeCode ? await territoryPath(ctx, 'commune', structure.communeCode) : undefined
	};
}

async function structureFor(ctx: Context, structureId: string, action: Action) {
	const structure = await repo.findStructure(ctx.db, structureId);
	if (!structure) throw new NotFoundError('structure', structureId);
	authorize(ctx.actor, action, 'correspondent', await structureTarget(ctx, structure));
	return structure;
}

function checkTheme(theme: string | undefined) {
	if (theme !== undefined && !isTheme(theme))
		throw new ValidationError([{ field: 'theme', message: `thematique.unknown:${theme}` }]);
}

export async function listCorrespondents(ctx: Context, structureId: string) {
	await structureFor(ctx, structureId, 'read');
	return correspondentsRepo.correspondentsOfStructure(ctx.db, structureId);
}

export async function createCorrespondent(ctx: Context, structureId: string, input: CorrespondentInput) {
	const structure = await structureFor(ctx, structureId, 'create');
	checkTheme(input.theme);
	return inTransaction(ctx, async (tx) => {
		const row = await correspondentsRepo.insertCorrespondent(tx.db, {
			structureId,
			theme: input.theme,
			fullName: input.fullName,
			jobTitle: input.jobTitle,
			phone: input.phone ?? null,
			email: input.email ?? null
		});
		await audit(tx, {
			action: 'correspondent.create',
			objectType: 'correspondent',
			objectId: row.id,
			organisationId: structure.organisationId,
			details: { structureId, theme: input.theme }
		});
		return row;
	});
}

async function loadForWrite(ctx: Context, id: string, action: Action) {
	const found = await correspondentsRepo.findCorrespondentWithStructure(ctx.db, id);
	if (!found) throw new NotFoundError('correspondent', id);
	authorize(ctx.actor, action, 'correspondent', await structureTarget(ctx, found.structure));
	return found;
}

export async function updateCorrespondent(ctx: Context, id: string, patch: Partial<CorrespondentInput>) {
	const { structure } = await loadForWrite(ctx, id, 'update');
	checkTheme(patch.theme);
	return inTransaction(ctx, async (tx) => {
		const updated = await correspondentsRepo.updateCorrespondent(tx.db, id, patch);
		await audit(tx, {
			action: 'correspondent.update',
			objectType: 'correspondent',
			objectId: id,
			organisationId: structure.organisationId,
			details: { fields: Object.keys(patch) }
		});
		return updated!;
	});
}

export async function deleteCorrespondent(ctx: Context, id: string) {
	const { structure, correspondent } = await loadForWrite(ctx, id, 'delete');
	await inTransaction(ctx, async (tx) => {
		await correspondentsRepo.deleteCorrespondent(tx.db, id);
		await audit(tx, {
			action: 'correspondent.delete',
			objectType: 'correspondent',
			objectId: id,
			organisationId: structure.organisationId,
			details: { structureId: correspondent.structureId }
		});
	});
}
