#!/usr/bin/env node
// The CLI is written in TypeScript next to the server code: tsx compiles it on the fly,
// so administrators run it from a checkout or an install without a build step.
import { register } from 'tsx/esm/api';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

register();
const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli', 'index.ts');
await import(pathToFileURL(entry).href);
