import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every published package (packages/*) must ship an ESM entry, a CJS entry and types for each,
// through its exports map: users import it, require it, and type-check against it.

const packagesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../packages');

interface ConditionTarget {
  readonly types: string;
  readonly default: string;
}

interface Manifest {
  readonly name: string;
  readonly private?: boolean;
  readonly exports: { readonly '.': { readonly import: ConditionTarget; readonly require: ConditionTarget } };
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

const published = readdirSync(packagesDir)
  .map((folder) => join(packagesDir, folder))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest }))
  .filter(({ manifest }) => !manifest.private);

describe('package exports', () => {
  it('finds the published packages', () => {
    expect(published.map(({ manifest }) => manifest.name)).toEqual(
      expect.arrayContaining([
        '@sessionscope/core',
        '@sessionscope/express',
        '@sessionscope/koa',
        '@sessionscope/hono',
      ]),
    );
  });

  describe.each(published)('$manifest.name', ({ dir, manifest }) => {
    const entry = manifest.exports['.'];

    it('resolves import and require to two different built files, each with its types', () => {
      expect(entry.import.default).not.toBe(entry.require.default);
      for (const file of [
        entry.import.default,
        entry.import.types,
        entry.require.default,
        entry.require.types,
      ]) {
        expect(existsSync(join(dir, file)), `${manifest.name}: ${file}`).toBe(true);
      }
    });

    it('loads through both module systems with the same public names', async () => {
      const esm = (await import(pathToFileURL(join(dir, entry.import.default)).href)) as object;
      const cjs = createRequire(join(dir, 'package.json'))(join(dir, entry.require.default)) as object;
      const names = Object.keys(esm).sort();
      expect(names.length).toBeGreaterThan(0);
      expect(Object.keys(cjs).sort()).toEqual(names);
    });

    it('keeps @opentelemetry/api and the framework as peers, never bundled dependencies', () => {
      expect(manifest.dependencies?.['@opentelemetry/api']).toBeUndefined();
      for (const framework of ['express', 'koa', 'hono', 'openai']) {
        expect(
          manifest.dependencies?.[framework],
          `${manifest.name} depends on ${framework}`,
        ).toBeUndefined();
      }
    });
  });

  it('gives core no runtime dependency', () => {
    const core = published.find(({ manifest }) => manifest.name === '@sessionscope/core');
    expect(core?.manifest.dependencies ?? {}).toEqual({});
    expect(core?.manifest.peerDependencies).toEqual({ '@opentelemetry/api': '^1.3.0' });
  });
});
