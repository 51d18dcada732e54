/**
 * Things to undo if the run is interrupted (Ctrl-C): child servers, throw-away databases, temp dirs.
 * Each suite registers what it creates and unregisters it once it has cleaned it up itself.
 */
type Task = () => Promise<void> | void;

const tasks = new Set<Task>();

export function onCleanup(task: Task): () => void {
	tasks.add(task);
	return () => {
		tasks.delete(task);
	};
}

/** Runs every pending task once, each bounded to 15 s. */
export async function runCleanups(): Promise<void> {
	const pending = [...tasks].reverse();
	tasks.clear();
	for (const task of pending) {
		try {
			await Promise.race([
				Promise.resolve(task()),
				new Promise((resolve) => setTimeout(resolve, 15_000).unref())
			]);
		} catch (error) {
			console.error('cleanup failed:', error instanceof Error ? error.message : error);
		}
	}
}
