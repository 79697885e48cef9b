/**
 * The Cloudflare workerd leg, driven from Node through miniflare (which runs the pinned workerd):
 *
 * 1. with `nodejs_compat`: the core checks inside a Worker request and the Hono scenario app served by
 *    workerd, driven through real HTTP;
 * 2. without `nodejs_compat`: a Worker using sessionscope must refuse to start, loudly, naming the
 *    flag — with sessionscope's own message when a bundler stood in empty modules for Node's built-ins,
 *    and with miniflare's module check when the built-ins were left as `node:` imports (workerd alone
 *    would stop at 'No such module "node:async_hooks"'; an import failure happens before any code of
 *    sessionscope runs).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { Log, LogLevel, Miniflare } from 'miniflare';
import { CORE_CHECKS_PATH } from '../apps/contract.ts';
import { type CheckResult, printResults, runChecks } from '../harness/checks.ts';
import { fetcherFor } from '../harness/servers.ts';
import { httpChecks } from '../scenarios/http.ts';

/** A date the pinned workerd supports; `nodejs_compat` on it includes AsyncLocalStorage. */
const COMPATIBILITY_DATE = '2025-09-01';

const WORKER_ENTRY = fileURLToPath(new URL('./worker.ts', import.meta.url));

const NODE_BUILTIN = new RegExp(
  `^(node:)?(${builtinModules.map((name) => name.replace('/', '\\/')).join('|')})$`,
);

/** How a bundle treats Node's built-ins: left as `node:` imports (as wrangler does) or made empty. */
type Builtins = 'import' | 'empty';

function builtinsPlugin(builtins: Builtins): Plugin {
  return {
    name: `node-builtins-${builtins}`,
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: NODE_BUILTIN }, ({ path }) => {
        const name = path.startsWith('node:') ? path : `node:${path}`;
        return builtins === 'import'
          ? { path: name, external: true }
          : { path: name, namespace: 'empty-builtin' };
      });
      pluginBuild.onLoad({ filter: /.*/, namespace: 'empty-builtin' }, () => ({
        contents: 'module.exports = {};',
      }));
    },
  };
}

async function bundleWorker(directory: string, builtins: Builtins): Promise<string> {
  const outfile = join(directory, `worker-builtins-${builtins}.js`);
  await build({
    entryPoints: [WORKER_ENTRY],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    logLevel: 'error',
    plugins: [builtinsPlugin(builtins)],
  });
  return outfile;
}

function collect(stream: Readable, into: string[]): void {
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => into.push(chunk));
}

/** Starts a Worker; resolves with its URL, or rejects with workerd's own output when it does not start. */
async function startWorker(
  scriptPath: string,
  compatibilityFlags: string[],
): Promise<{ mf: Miniflare; url: URL }> {
  const output: string[] = [];
  const mf = new Miniflare({
    modules: true,
    modulesRoot: dirname(scriptPath),
    scriptPath,
    compatibilityDate: COMPATIBILITY_DATE,
    compatibilityFlags,
    log: new Log(LogLevel.NONE),
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      collect(stdout, output);
      collect(stderr, output);
    },
  });
  try {
    return { mf, url: await mf.ready };
  } catch (error) {
    await mf.dispose().catch(() => {});
    throw new Error(`${(error as Error).message}\n${output.join('')}`);
  }
}

async function withNodejsCompat(directory: string): Promise<CheckResult[]> {
  const { mf, url } = await startWorker(await bundleWorker(directory, 'import'), ['nodejs_compat']);
  try {
    const fetcher = fetcherFor(url.href);
    const core = (await (await fetcher(CORE_CHECKS_PATH)).json()) as CheckResult[];
    return [...core, ...(await runChecks('hono', httpChecks(fetcher)))];
  } finally {
    await mf.dispose();
  }
}

async function expectStartToFail(scriptPath: string, expected: RegExp): Promise<void> {
  const started = await startWorker(scriptPath, []).then(
    ({ mf }) => mf.dispose().then(() => true),
    (error: Error) => {
      assert.match(error.message, expected);
      return false;
    },
  );
  assert.equal(started, false, 'the Worker started without nodejs_compat');
}

async function withoutNodejsCompat(directory: string): Promise<CheckResult[]> {
  return runChecks('without nodejs_compat', [
    {
      name: "set-up fails with sessionscope's message naming nodejs_compat (built-ins bundled as empty modules)",
      run: async () =>
        expectStartToFail(
          await bundleWorker(directory, 'empty'),
          /sessionscope needs AsyncLocalStorage from "node:async_hooks".*"nodejs_compat" compatibility flag/,
        ),
    },
    {
      name: 'start-up is refused naming nodejs_compat (built-ins left as node: imports, as wrangler does)',
      run: async () =>
        expectStartToFail(await bundleWorker(directory, 'import'), /"node:[a-z_]+"[\s\S]*`nodejs_compat`/),
    },
  ]);
}

const directory = await mkdtemp(join(tmpdir(), 'sessionscope-workerd-'));
try {
  const results = [...(await withNodejsCompat(directory)), ...(await withoutNodejsCompat(directory))];
  process.exitCode = printResults(results) ? 0 : 1;
} finally {
  await rm(directory, { recursive: true, force: true });
}
