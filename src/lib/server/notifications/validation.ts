import { z } from 'zod';
import { DIGEST_FREQUENCIES } from './schema';

/** How often the digest comes: every day, every week (default), or never. */
export const digestFrequencySchema = z
	.enum(DIGEST_FREQUENCIES, { message: 'digestFrequency' })
	.meta({ id: 'DigestFrequency' });

export const notificationPreferencesSchema = z
	.object({ frequency: digestFrequencySchema })
	.strict()
	.meta({ id: 'NotificationPreferences' });
export type NotificationPreferencesInput = z.infer<typeof notificationPreferencesSchema>;
