import { operation } from '../operation';
import { getNotificationPreferences, setNotificationPreferences } from '../../notifications/preferences';
import { notificationPreferencesSchema } from '../../notifications/validation';

/** The digest's rhythm, chosen by each person for themselves. */

export const getMyNotificationPreferences = operation(
	{
		method: 'GET',
		path: '/me/notifications',
		operationId: 'getMyNotificationPreferences',
		summary: 'Le rythme de mon récapitulatif par courriel (quotidien, hebdomadaire par défaut, ou aucun)',
		tag: 'notifications',
		auth: 'session',
		response: notificationPreferencesSchema
	},
	async ({ ctx }) => getNotificationPreferences(ctx)
);

export const putMyNotificationPreferences = operation(
	{
		method: 'PUT',
		path: '/me/notifications',
		operationId: 'putMyNotificationPreferences',
		summary: 'Choisir le rythme de mon récapitulatif (daily, weekly, none)',
		tag: 'notifications',
		auth: 'session',
		body: notificationPreferencesSchema,
		response: notificationPreferencesSchema
	},
	async ({ ctx, body }) => setNotificationPreferences(ctx, body)
);
