import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every published package (packages/*) must ship an ESM entry, a CJS entry and types for each,
// through its exports map, for its main entry and each subpath (`@sessionscope/core/adapter`):
// users import it, require it, and type-check against it (consumer-types.test.ts).

const packagesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../packages');

interface ConditionTarget {
  readonly types: string;
  readonly default: string;
}

interface EntryTargets {
  readonly import: ConditionTarget;
  readonly require: ConditionTarget;
}

interface Manifest {
  readonly name: string;
  readonly private?: boolean;
  /** The main entry `.`, subpaths such as `./adapter`, and `./package.json` (a plain path). */
  readonly exports: { readonly '.': EntryTargets; readonly [subpath: string]: EntryTargets | string };
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

const published = readdirSync(packagesDir)
  .map((folder) => join(packagesDir, folder))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest }))
  .filter(({ manifest }) => !manifest.private);

async function loadEntry(dir: string, file: string): Promise<object> {
  return (await import(pathToFileURL(join(dir, file)).href)) as object;
}

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
    const entries = Object.entries(manifest.exports).flatMap(([subpath, targets]) =>
      typeof targets === 'string' ? [] : [{ subpath, targets }],
    );

    it.each(entries)(
      'resolves import and require of $subpath to two different built files, each with its types',
      ({ targets }) => {
        expect(targets.import.default).not.toBe(targets.require.default);
        expect(targets.import.types).not.toBe(targets.require.types);
        for (const file of [
          targets.import.default,
          targets.import.types,
          targets.require.default,
          targets.require.types,
        ]) {
          expect(existsSync(join(dir, file)), `${manifest.name}: ${file}`).toBe(true);
        }
      },
    );

    it.each(entries)(
      'loads $subpath through both module systems with the same public names',
      async ({ targets }) => {
        const esm = await loadEntry(dir, targets.import.default);
        const cjs = createRequire(join(dir, 'package.json'))(join(dir, targets.require.default)) as object;
        const names = Object.keys(esm).sort();
        expect(names.length).toBeGreaterThan(0);
        expect(Object.keys(cjs).sort()).toEqual(names);
      },
    );

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

  it("keeps core's adapter building blocks out of its main entry, in its adapter entry", async () => {
    const core = published.find(({ manifest }) => manifest.name === '@sessionscope/core');
    if (core === undefined) throw new Error('@sessionscope/core is not among the packages');
    const adapter = core.manifest.exports['./adapter'];
    if (adapter === undefined || typeof adapter === 'string') throw new Error('no ./adapter entry');
    const main = await loadEntry(core.dir, core.manifest.exports['.'].import.default);
    expect(Object.keys(await loadEntry(core.dir, adapter.import.default)).sort()).toEqual([
      'createRequestIdentity',
      'produceStreamBodyInContext',
    ]);
    expect(Object.keys(main)).not.toContain('createRequestIdentity');
    expect(Object.keys(main)).not.toContain('produceStreamBodyInContext');
    expect(Object.keys(main)).toContain('getUserSessionContext');
  });

  it('gives core no runtime dependency', () => {
    const core = published.find(({ manifest }) => manifest.name === '@sessionscope/core');
    expect(core?.manifest.dependencies ?? {}).toEqual({});
    expect(core?.manifest.peerDependencies).toEqual({ '@opentelemetry/api': '^1.3.0' });
  });
});
