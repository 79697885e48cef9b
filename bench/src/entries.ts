import { fileURLToPath } from 'node:url';

// The child processes' entry modules, built next to the CLI in dist/ (see tsup.config.ts).
const built = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

export const SERVER_ENTRY = built('./server-process.js');
export const LOADER_ENTRY = built('./loader-process.js');
export const MICRO_ENTRY = built('./micro-process.js');
