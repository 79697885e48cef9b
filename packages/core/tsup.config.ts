import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.config.base';

export default defineConfig({
  ...packageBuild,
  // `@sessionscope/core` for applications, `@sessionscope/core/adapter` for framework adapters.
  entry: { index: 'src/index.ts', adapter: 'src/adapter.ts' },
  // The ESM entries import one shared chunk, so an ESM app gets one copy of core's modules. The CJS
  // build cannot share chunks (esbuild splits ESM only): each CJS entry bundles its own copy, which is
  // safe because all they share lives on `globalThis` or under `Symbol.for` keys (test/two-copies.test.ts).
  esbuildOptions(options, { format }) {
    if (format === 'esm') options.splitting = true;
  },
});
