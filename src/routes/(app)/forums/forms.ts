import type { RequestEvent } from '@sveltejs/kit';
import { readForm } from '$lib/server/http/forms';

/** A posted form: its string fields, and the fields that may repeat (thématiques) as lists. */
export async function postedForm(
	event: RequestEvent,
	lists: string[] = []
): Promise<{ values: Record<string, string>; raw: Record<string, unknown> }> {
	const form = await readForm(event);
	const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')) as Record<
		string,
		string
	>;
	const raw: Record<string, unknown> = { ...values };
	for (const key of lists) raw[key] = form.getAll(key).filter((v) => typeof v === 'string');
	return { values, raw };
}
