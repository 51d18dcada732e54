import { json } from '@sveltejs/kit';
import { currentDatabase } from '$lib/server/bootstrap';
import { ping } from '$lib/server/db/client';
import { migrationStatus } from '$lib/server/db/migrate';

/** Ready when the database answers and every migration of this build is applied. */
export async function GET() {
	try {
		const database = currentDatabase();
		const [reachable, migrations] = await Promise.all([ping(database.db), migrationStatus(database)]);
		const ready = reachable && migrations.applied === migrations.expected;
		return json(
			{ status: ready ? 'ready' : 'not_ready', database: database.kind, migrations },
			{ status: ready ? 200 : 503 }
		);
	} catch {
		return json({ status: 'not_ready' }, { status: 503 });
	}
}
