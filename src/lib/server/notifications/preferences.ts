import type { Context } from '../context';
import { nowOf } from '../context';
import { inTransaction } from '../db/transaction';
import { audit } from '../audit/service';
import { ForbiddenError } from '../policy/policy';
import { ValidationError } from '../errors';
import { getFrequency, setFrequency } from './digest-repository';
import { DIGEST_FREQUENCIES, type DigestFrequency } from './schema';

/** Everyone chooses their own rhythm; nobody else reads or changes it (instance admins included: it is a personal choice). */
function self(ctx: Context): string {
	const id = ctx.actor.user?.id;
	if (!id) throw new ForbiddenError('read', 'user', false);
	return id;
}

export async function getNotificationPreferences(ctx: Context): Promise<{ frequency: DigestFrequency }> {
	return { frequency: await getFrequency(ctx.db, self(ctx)) };
}

export async function setNotificationPreferences(
	ctx: Context,
	input: { frequency: DigestFrequency }
): Promise<{ frequency: DigestFrequency }> {
	const userId = self(ctx);
	if (!DIGEST_FREQUENCIES.includes(input.frequency))
		throw new ValidationError([{ field: 'frequency', message: 'digestFrequency' }]);
	return inTransaction(ctx, async (tx) => {
		const before = await getFrequency(tx.db, userId);
		await setFrequency(tx.db, userId, input.frequency, nowOf(ctx));
		await audit(tx, {
			action: 'notifications.preferences.update',
			objectType: 'user',
			objectId: userId,
			details: { frequency: [before, input.frequency] }
		});
		return { frequency: input.frequency };
	});
}
