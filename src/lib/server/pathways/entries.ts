import type { Context } from '../context';
import { nowOf } from '../context';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { ForbiddenError } from '../policy/policy';
import { inTransaction } from '../db/transaction';
import { audit } from '../audit/service';
import { open, seal } from '../crypto/fields';
import { INFO_CATEGORIES, type InfoCategory } from '../charters/content';
import { auditPersonReads, personAccess, type PersonView } from './access';
import { entryVisible } from './sharing';
import { touchPerson } from './repository';
import * as repo from './entries-repository';
import { entryInputSchema, entryPatchSchema, type EntryInput, type EntryPatch } from './entries-validation';
import type { EntryKind, RelationStep, SharingLevel } from './schema';

/**
 * The shared follow-up of a person (issue 11, item 3): notes, steps of the five-step relation, assessed needs and
 * appointments, written by the professionals of any organisation that sees the person, each read through the one
 * sharing rule (category × consent × charter, then the entry's sharing level).
 *
 * Corrections: the author alone may correct an entry within 24 hours of writing it; after that it is kept as
 * written (a follow-up is a record others rely on; a later entry corrects it). No deletion: a wrong entry is
 * corrected within the window, which also lets its author narrow its sharing level.
 */

export const EDIT_WINDOW_MS = 24 * 3600_000;

/** What the sealed body of an entry holds (never in SQL). */
interface EntryBody {
	text: string;
	place?: string | null;
	with?: string | null;
}

export interface Entry {
	id: string;
	kind: EntryKind;
	category: InfoCategory;
	sharing: SharingLevel;
	step: RelationStep | null;
	theme: string | null;
	occursAt: Date;
	text: string;
	place: string | null;
	with: string | null;
	organisationId: string;
	organisationName: string;
	authorUserId: string | null;
	authorName: string | null;
	createdAt: Date;
	updatedAt: Date;
	/** the viewer is its author and the 24-hour window is open */
	editable: boolean;
}

const editableBy = (ctx: Context, row: repo.EntryRow) =>
	row.authorUserId === ctx.actor.user?.id && nowOf(ctx).getTime() - row.createdAt.getTime() < EDIT_WINDOW_MS;

function toEntry(
	ctx: Context,
	r: { entry: repo.EntryRow; organisationName: string; authorName: string | null }
): Entry {
	const body = open<EntryBody>(r.entry.bodySealed, r.entry.personId);
	return {
		id: r.entry.id,
		kind: r.entry.kind as EntryKind,
		category: r.entry.category as InfoCategory,
		sharing: r.entry.sharing as SharingLevel,
		step: r.entry.step as RelationStep | null,
		theme: r.entry.theme,
		occursAt: r.entry.occursAt,
		text: body.text ?? '',
		place: body.place ?? null,
		with: body.with ?? null,
		organisationId: r.entry.organisationId,
		organisationName: r.organisationName,
		authorUserId: r.entry.authorUserId,
		authorName: r.authorName,
		createdAt: r.entry.createdAt,
		updatedAt: r.entry.updatedAt,
		editable: editableBy(ctx, r.entry)
	};
}

const readerOf = (view: PersonView): repo.EntryReader => ({
	userId: view.viewer.userId,
	organisationIds: view.viewer.organisationIds,
	visibleCategories: INFO_CATEGORIES.filter((c) => view.categories[c].visible)
});

const visible = (view: PersonView, e: repo.EntryRow) =>
	entryVisible(
		view.categories,
		{
			category: e.category as InfoCategory,
			sharing: e.sharing as SharingLevel,
			authorUserId: e.authorUserId,
			organisationId: e.organisationId
		},
		view.viewer
	);

/**
 * The organisation an entry is written for: the holder's when the author belongs to it, otherwise the author's
 * organisation through which the category is visible. A category hidden from the author cannot be written.
 */
function writingOrganisation(view: PersonView, category: InfoCategory): string {
	if (view.isHolder) return view.person.organisationId;
	const access = view.categories[category];
	if (!access.visible || !view.viewer.organisationIds.includes(access.organisationId))
		throw new ValidationError([{ field: 'category', message: 'followup.categoryHidden' }]);
	return access.organisationId;
}

/**
 * A page of the person's timeline: the entries the viewer may see, newest first, with organisation and author.
 * Entries the viewer may not see are neither listed nor counted (a count by organisation or category would tell
 * that something sensitive is being recorded); the page says in general terms that some may be hidden.
 */
export async function listEntries(
	ctx: Context,
	personId: string,
	page: { limit: number; offset: number } = { limit: 20, offset: 0 }
): Promise<{ view: PersonView; items: Entry[]; total: number }> {
	return inTransaction(ctx, async (tx) => {
		const view = await personAccess(tx, personId);
		const { items, total } = await repo.visibleEntries(tx.db, personId, readerOf(view), page);
		await auditPersonReads(tx, [view], 'entries', { count: items.length, offset: page.offset });
		// the SQL filter and the pure rule must agree; the rule has the last word
		return { view, items: items.filter((r) => visible(view, r.entry)).map((r) => toEntry(tx, r)), total };
	});
}

export async function addEntry(ctx: Context, personId: string, input: unknown): Promise<Entry> {
	const data: EntryInput = entryInputSchema.parse(input);
	return inTransaction(ctx, async (tx) => {
		const view = await personAccess(tx, personId);
		const organisationId = writingOrganisation(view, data.category);
		const now = nowOf(tx);
		const id = crypto.randomUUID();
		const body: EntryBody = { text: data.text, place: data.place ?? null, with: data.with ?? null };
		const row = await repo.insertEntry(tx.db, {
			id,
			personId,
			organisationId,
			authorUserId: view.viewer.userId,
			kind: data.kind,
			category: data.category,
			sharing: data.sharing,
			// any entry may say the step of the relation and the theme it belongs to; steps and needs must
			step: data.step ?? null,
			theme: data.theme ?? null,
			occursAt: data.occursAt ?? now,
			bodySealed: seal(body, personId),
			createdAt: now,
			updatedAt: now
		});
		await touchPerson(tx.db, personId, now);
		await audit(tx, {
			action: 'pathway.entry.create',
			objectType: 'person',
			objectId: personId,
			organisationId,
			details: { entryId: id, kind: row.kind, category: row.category, sharing: row.sharing }
		});
		const full = await repo.findEntry(tx.db, personId, id);
		return toEntry(tx, full!);
	});
}

/** The author corrects an entry within 24 hours: only the fields sent change. */
export async function correctEntry(
	ctx: Context,
	personId: string,
	entryId: string,
	input: unknown
): Promise<Entry> {
	const patch: EntryPatch = entryPatchSchema.parse(input);
	return inTransaction(ctx, async (tx) => {
		const view = await personAccess(tx, personId);
		const found = await repo.findEntry(tx.db, personId, entryId);
		if (!found || !visible(view, found.entry)) throw new NotFoundError('entry', entryId);
		const row = found.entry;
		if (row.authorUserId !== view.viewer.userId) throw new ForbiddenError('update', 'person', true);
		if (!editableBy(tx, row)) throw new ConflictError('followup.editWindowClosed');
		const category = patch.category ?? (row.category as InfoCategory);
		if (patch.category && patch.category !== row.category) {
			// the entry stays with its organisation; the new category must be one it may write
			const organisationId = writingOrganisation(view, category);
			if (organisationId !== row.organisationId)
				throw new ValidationError([{ field: 'category', message: 'followup.categoryHidden' }]);
		}
		const kind = row.kind as EntryKind;
		const body = open<EntryBody>(row.bodySealed, personId);
		const next: EntryBody = {
			text: patch.text ?? body.text,
			place: patch.place !== undefined ? patch.place : (body.place ?? null),
			with: patch.with !== undefined ? patch.with : (body.with ?? null)
		};
		if ((kind === 'note' || kind === 'need') && !next.text.trim())
			throw new ValidationError([{ field: 'text', message: 'followup.text.required' }]);
		if (kind === 'step' && patch.step === null)
			throw new ValidationError([{ field: 'step', message: 'followup.step.required' }]);
		if (kind === 'need' && patch.theme === null)
			throw new ValidationError([{ field: 'theme', message: 'followup.theme.required' }]);
		const now = nowOf(tx);
		await repo.updateEntry(tx.db, entryId, {
			category,
			...(patch.sharing ? { sharing: patch.sharing } : {}),
			...(patch.step !== undefined ? { step: patch.step } : {}),
			...(patch.theme !== undefined ? { theme: patch.theme } : {}),
			...(patch.occursAt ? { occursAt: patch.occursAt } : {}),
			bodySealed: seal(next, personId),
			updatedAt: now
		});
		await touchPerson(tx.db, personId, now);
		await audit(tx, {
			action: 'pathway.entry.correct',
			objectType: 'person',
			objectId: personId,
			organisationId: row.organisationId,
			details: { entryId, fields: Object.keys(patch).sort() }
		});
		const updated = await repo.findEntry(tx.db, personId, entryId);
		return toEntry(tx, updated!);
	});
}
