import type { Options } from 'tsup';

/** Build settings shared by every published package: ESM + CJS + `.d.ts`, one entry. */
export const packageBuild: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node18',
  platform: 'node',
  splitting: false,
  treeshake: true,
};
