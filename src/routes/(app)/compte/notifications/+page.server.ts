import { contextOf } from '$lib/server/api/operation';
import { handleForm } from '$lib/server/http/forms';
import {
	getNotificationPreferences,
	setNotificationPreferences
} from '$lib/server/notifications/preferences';
import { notificationPreferencesSchema } from '$lib/server/notifications/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => getNotificationPreferences(contextOf(event));

export const actions: Actions = {
	default: async (event) =>
		handleForm(event, notificationPreferencesSchema, async (input) => ({
			saved: (await setNotificationPreferences(contextOf(event), input)).frequency
		}))
};
