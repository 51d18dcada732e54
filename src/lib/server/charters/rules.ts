import type { FieldIssue } from '../errors';
import type { CooperationAccess } from '../cooperations/service';
import type { CharterContent } from './content';

/** Cents of an exact decimal string ("12500.50" → 1250050n). */
const cents = (v: string) => BigInt(v.replace('.', ''));

/**
 * Rules of a version's content against the stored cooperation: parties that exist, one commitment per party,
 * fund approvers who are the party's authorised members, dates in order, ceilings in order.
 */
export function checkContent(content: CharterContent, access: CooperationAccess): FieldIssue[] {
	const issues: FieldIssue[] = [];
	const parties = new Map(access.parties.map((p) => [p.organisationId, p]));
	const seen = new Set<string>();
	content.commitments.forEach((c, i) => {
		if (!parties.has(c.organisationId))
			issues.push({ field: `commitments.${i}.organisationId`, message: 'charters.partyUnknown' });
		else if (seen.has(c.organisationId))
			issues.push({ field: `commitments.${i}.organisationId`, message: 'charters.partyTwice' });
		seen.add(c.organisationId);
	});
	content.risks.forEach((r, i) => {
		if (!parties.has(r.organisationId))
			issues.push({ field: `risks.${i}.organisationId`, message: 'charters.partyUnknown' });
	});
	content.fund.approvers.forEach((a, i) => {
		const party = parties.get(a.organisationId);
		if (!party)
			issues.push({ field: `fund.approvers.${i}.organisationId`, message: 'charters.partyUnknown' });
		else if (a.userId && !party.signatories.some((s) => s.userId === a.userId))
			issues.push({ field: `fund.approvers.${i}.userId`, message: 'charters.approverUnknown' });
	});
	const quorum = content.fund.quorum ?? 1;
	if (quorum < 1 || (content.fund.approvers.length > 0 && quorum > content.fund.approvers.length))
		issues.push({ field: 'fund.quorum', message: 'charters.quorumTooHigh' });
	if (cents(content.fund.ceilingPerRequest) > cents(content.fund.ceilingPerYear))
		issues.push({ field: 'fund.ceilingPerRequest', message: 'charters.ceilingOrder' });
	const { startsOn, endsOn, reviewOn } = content;
	if (startsOn && endsOn && endsOn <= startsOn)
		issues.push({ field: 'endsOn', message: 'charters.dateOrder' });
	if (reviewOn && ((startsOn && reviewOn < startsOn) || (endsOn && reviewOn > endsOn)))
		issues.push({ field: 'reviewOn', message: 'charters.reviewOrder' });
	return issues;
}
