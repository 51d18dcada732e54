import type { Context } from '../context';
import { nowOf } from '../context';
import { objectEvents } from '../audit/service';
import { organisationKinds } from '../organisations/service';
import { inTransaction } from '../db/transaction';
import { open } from '../crypto/fields';
import type { InfoCategory } from '../charters/content';
import { auditPersonReads } from './access';
import { entryVisible } from './sharing';
import * as rights from './rights-repository';
import { describeEvents, holderView, type AccessLogEntry } from './rights';

/**
 * Right of access (RGPD art. 15): everything about a person, for the holding organisation that answers the request.
 *
 * Entries of other organisations: each organisation that writes about the person is a controller of its own
 * entries and answers a right-of-access request for them. The holder exports what it is itself responsible for
 * (the record, consents, its own entries including its professionals' private syntheses) and what the sharing rule
 * lets it see of the others' (shared entries in a category it may see); for the rest it lists which organisations
 * hold other entries and how many, so the person knows where to ask. Referrals, référents, flags and break-glass
 * grants are about the person's pathway and the holder's record: exported whole (sealed texts opened).
 */

export interface PersonExport {
	generatedAt: string;
	person: {
		id: string;
		holderOrganisation: string;
		identity: unknown;
		contact: unknown;
		situation: unknown;
		communeCode: string | null;
		preferredLanguage: string | null;
		createdAt: string;
		lastActivityAt: string;
	};
	consents: {
		organisations: string[];
		organisationKinds: string[];
		categories: string[];
		purpose: unknown;
		givenOn: string;
		expiresOn: string | null;
		collectedHow: string;
		withdrawnAt: string | null;
	}[];
	referents: { name: string | null; organisation: string | null; since: string; until: string | null }[];
	entries: {
		id: string;
		organisation: string;
		author: string | null;
		kind: string;
		category: string;
		sharing: string;
		step: string | null;
		occursAt: string;
		content: unknown;
	}[];
	/** organisations holding entries the holder does not see: ask them (each controller answers) */
	otherHolders: { organisation: string; entries: number }[];
	referrals: {
		id: string;
		from: string;
		to: string;
		status: string;
		refusalReason: string | null;
		message: unknown;
		outcome: unknown;
		respondBy: string;
		createdAt: string;
		closedAt: string | null;
		events: { from: string | null; to: string; automatic: string | null; at: string }[];
	}[];
	pingPongFlags: { trigger: string; raisedAt: string; status: string; handling: unknown }[];
	breakGlass: {
		requester: string | null;
		organisation: string;
		reason: unknown;
		grantedAt: string;
		expiresAt: string;
		verdict: string | null;
	}[];
	accessLog: (Omit<AccessLogEntry, 'at'> & { at: string })[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function exportPerson(ctx: Context, personId: string): Promise<PersonExport> {
	return inTransaction(ctx, async (tx) => {
		const view = await holderView(tx, personId);
		// the export is a read: audited before the log is read, so it lists itself
		await auditPersonReads(tx, [view], 'export');
		const p = view.person;
		const d = await rights.personDossier(tx.db, personId);
		const log = await objectEvents(tx, { objectType: 'person', objectId: personId, limit: 5000 });
		const orgIds = new Set<string>([p.organisationId]);
		for (const c of d.consentRows) c.organisationIds.forEach((o) => orgIds.add(o));
		for (const r of d.referentRows) if (r.row.organisationId) orgIds.add(r.row.organisationId);
		for (const e of d.entryRows) orgIds.add(e.row.organisationId);
		for (const r of d.referralRows) [r.fromOrganisationId, r.toOrganisationId].forEach((o) => orgIds.add(o));
		for (const g of d.grantRows) orgIds.add(g.row.organisationId);
		const names = new Map((await organisationKinds(tx, [...orgIds])).map((o) => [o.id, o.name]));
		const name = (id: string | null) => (id ? (names.get(id) ?? id) : null);
		const opened = (sealed: string | null) => (sealed ? open(sealed, personId) : null);

		const ownOrganisation = view.viewer.organisationIds.includes(p.organisationId);
		const visible = d.entryRows.filter(
			({ row: e }) =>
				(ownOrganisation && e.organisationId === p.organisationId) ||
				entryVisible(
					view.categories,
					{ ...e, category: e.category as InfoCategory, sharing: e.sharing as 'shared' },
					view.viewer
				)
		);
		const hidden = new Map<string, number>();
		for (const { row: e } of d.entryRows)
			if (!visible.some((v) => v.row.id === e.id))
				hidden.set(e.organisationId, (hidden.get(e.organisationId) ?? 0) + 1);

		return {
			generatedAt: nowOf(tx).toISOString(),
			person: {
				id: p.id,
				holderOrganisation: name(p.organisationId)!,
				identity: opened(p.identitySealed),
				contact: opened(p.contactSealed),
				situation: opened(p.situationSealed),
				communeCode: p.communeCode,
				preferredLanguage: p.preferredLanguage,
				createdAt: p.createdAt.toISOString(),
				lastActivityAt: p.lastActivityAt.toISOString()
			},
			consents: d.consentRows.map((c) => ({
				organisations: c.organisationIds.map((o) => name(o)!),
				organisationKinds: c.organisationKinds,
				categories: c.categories,
				purpose: opened(c.purposeSealed),
				givenOn: c.givenOn,
				expiresOn: c.expiresOn,
				collectedHow: c.collectedHow,
				withdrawnAt: iso(c.withdrawnAt)
			})),
			referents: d.referentRows.map((r) => ({
				name: r.userName,
				organisation: name(r.row.organisationId),
				since: r.row.since.toISOString(),
				until: iso(r.row.until)
			})),
			entries: visible.map(({ row: e, authorName }) => ({
				id: e.id,
				organisation: name(e.organisationId)!,
				author: authorName,
				kind: e.kind,
				category: e.category,
				sharing: e.sharing,
				step: e.step,
				occursAt: e.occursAt.toISOString(),
				content: opened(e.bodySealed)
			})),
			otherHolders: [...hidden].map(([o, entries]) => ({ organisation: name(o)!, entries })),
			referrals: d.referralRows.map((r) => ({
				id: r.id,
				from: name(r.fromOrganisationId)!,
				to: name(r.toOrganisationId)!,
				status: r.status,
				refusalReason: r.refusalReason,
				message: opened(r.messageSealed),
				outcome: opened(r.outcomeSealed),
				respondBy: r.respondBy,
				createdAt: r.createdAt.toISOString(),
				closedAt: iso(r.closedAt),
				events: d.events
					.filter((e) => e.referralId === r.id)
					.map((e) => ({
						from: e.fromStatus,
						to: e.toStatus,
						automatic: e.automatic,
						at: e.at.toISOString()
					}))
			})),
			pingPongFlags: d.flagRows.map((f) => ({
				trigger: f.trigger,
				raisedAt: f.raisedAt.toISOString(),
				status: f.status,
				handling: opened(f.handlingSealed)
			})),
			breakGlass: d.grantRows.map((g) => ({
				requester: g.userName,
				organisation: name(g.row.organisationId)!,
				reason: opened(g.row.reasonSealed),
				grantedAt: g.row.grantedAt.toISOString(),
				expiresAt: g.row.expiresAt.toISOString(),
				verdict: g.row.reviewVerdict
			})),
			accessLog: (await describeEvents(tx, log.events)).map((e) => ({ ...e, at: e.at.toISOString() }))
		};
	});
}
