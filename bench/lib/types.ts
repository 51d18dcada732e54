/** Contract between bench/run.ts and the files of bench/suites/. */

export interface SuiteOptions {
	/** smaller, faster run (fewer queries, shorter load) */
	quick: boolean;
	/** absolute path of the project root (where package.json and build/ live) */
	projectRoot: string;
	/** progress line on stderr (the tables go to stdout) */
	log(message: string): void;
}

export type Cell = string | number | null;

export interface Table {
	title: string;
	columns: string[];
	rows: Cell[][];
}

export interface SuiteResult {
	/** tables printed in order and stored in the JSON file */
	tables: Table[];
	/** free-form remarks printed under the tables (skips, caveats, environment) */
	notes: string[];
	/** raw figures for the JSON file (numbers, not formatted) */
	data: Record<string, unknown>;
}

export interface Suite {
	name: string;
	description: string;
	run(options: SuiteOptions): Promise<SuiteResult>;
}
