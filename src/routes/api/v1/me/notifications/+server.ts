import { notifications } from '$lib/server/api/v1';

export const GET = notifications.getMyNotificationPreferences;
export const PUT = notifications.putMyNotificationPreferences;
