import { defineConfig } from 'tsup';

/** The CLI and the entries of its child processes, side by side in dist/ (see src/entries.ts). */
export default defineConfig({
  entry: {
    cli: 'src/cli.ts',
    'server-process': 'src/load/server-process.ts',
    'loader-process': 'src/load/loader-process.ts',
    'micro-process': 'src/micro/micro-process.ts',
  },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  clean: true,
  skipNodeModulesBundle: true,
});
